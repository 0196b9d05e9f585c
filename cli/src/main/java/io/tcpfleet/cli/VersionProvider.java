package io.tcpfleet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The version Maven wrote into the jar at build time: the manifest's Implementation-Version, read
 * with the jar already open (a resource lookup searches the JDK's module image first, a cost at
 * every {@code --version}); the resource file when running from classes (tests).
 */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        if (version == null) {
            Properties p = new Properties();
            try (InputStream in = VersionProvider.class.getResourceAsStream("/tcpfleet-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                // reported as "unknown" below
            }
            version = p.getProperty("version", "unknown");
        }
        return new String[] {"tcpfleet " + version,
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
