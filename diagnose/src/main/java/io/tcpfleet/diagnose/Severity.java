package io.tcpfleet.diagnose;

/** How bad a finding is; findings are listed worst first. */
public enum Severity {
    CRITICAL, WARNING, INFO
}
