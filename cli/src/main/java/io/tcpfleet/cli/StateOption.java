package io.tcpfleet.cli;

import io.tcpfleet.model.TcpState;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine;

/** A state name typed by a user: any case, {@code -} or {@code _}, TOTAL included; with completion. */
final class StateOption implements CommandLine.ITypeConverter<TcpState>, Iterable<String> {

    @Override
    public TcpState convert(String value) {
        try {
            return TcpState.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(TcpState.values()).map(Enum::name).iterator();
    }
}
