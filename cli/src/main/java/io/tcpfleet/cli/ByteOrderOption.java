package io.tcpfleet.cli;

import io.tcpfleet.model.ByteOrderName;
import java.nio.ByteOrder;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine;

/** {@code --byte-order little|big}, spelled by {@link ByteOrderName}, with completion. */
final class ByteOrderOption implements CommandLine.ITypeConverter<ByteOrder>, Iterable<String> {

    @Override
    public ByteOrder convert(String value) {
        try {
            return ByteOrderName.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    @Override
    public Iterator<String> iterator() {
        return List.of("little", "big").iterator();
    }
}
