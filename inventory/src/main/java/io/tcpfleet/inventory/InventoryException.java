package io.tcpfleet.inventory;

import java.util.List;
import java.util.stream.Collectors;

/** An inventory (or ssh_config) that cannot be used; the message lists every problem, one per line. */
public final class InventoryException extends Exception {

    private final transient List<InventoryProblem> problems;

    public InventoryException(List<InventoryProblem> problems) {
        super(problems.stream().map(InventoryProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<InventoryProblem> problems() {
        return problems;
    }
}
