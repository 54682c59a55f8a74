package io.coldchain.app;

import io.coldchain.core.config.Settings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code config}: validates the configuration and prints every setting, or the Markdown table for the docs. */
@Command(name = "config", mixinStandardHelpOptions = true,
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
    System.out.println(config.load());
    return 0;
  }
}
