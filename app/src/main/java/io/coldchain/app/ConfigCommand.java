package io.coldchain.app;

import io.coldchain.core.config.Settings;
import io.coldchain.core.error.SecretMask;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code config}: validates the configuration and prints every setting, or the Markdown table for the docs. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = "Check the configuration and print the settings (--markdown: the table in the README).")
public final class ConfigCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @picocli.CommandLine.Option(names = "--markdown", description = "Print the table of all settings in Markdown.")
    boolean markdown;

    @Override
    public Integer call() {
        if (markdown) {
            System.out.print(Settings.markdownTable());
            return 0;
        }
        // The records mask their own secrets; SecretMask over the whole text catches a password that
        // hides in any other value (a URL with user info, a ?password= parameter).
        System.out.println(SecretMask.mask(config.load().toString()));
        return 0;
    }
}
