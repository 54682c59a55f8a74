package io.coldchain.app;

import io.coldchain.core.config.ConfigException;
import io.coldchain.core.error.SecretMask;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar coldchain.jar COMMAND}: run, demo, token, bench, config. */
@Command(
        name = "coldchain",
        mixinStandardHelpOptions = true,
        version = "coldchain 0.1.0",
        description = "Cold-chain temperature monitoring backend.",
        subcommands = {
            RunCommand.class,
            DemoCommand.class,
            TokenCommand.class,
            UserCommand.class,
            BenchCommand.class,
            ConfigCommand.class
        })
public final class Main {

    public static void main(String[] args) {
        execute(new Main(), args);
    }

    /**
     * Runs the command line of {@code commands} (this jar's or {@link ServerMain}'s) and exits with its
     * code, except after {@code run}, whose shutdown hook ends the process.
     */
    static void execute(Object commands, String[] args) {
        CommandLine cl = new CommandLine(commands);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // Start-up failures print what to fix, without a stack trace for configuration mistakes.
            if (e instanceof ConfigException) {
                cmd.getErr().println(e.getMessage());
            } else {
                cmd.getErr().println("coldchain: " + SecretMask.mask(e.getMessage()));
                if (System.getenv("COLDCHAIN_DEBUG") != null) {
                    e.printStackTrace(cmd.getErr());
                }
            }
            return 2;
        });
        int code = cl.execute(args);
        if (code != 0
                || !(cl.getParseResult() != null
                        && cl.getParseResult().subcommand() != null
                        && "run"
                                .equals(cl.getParseResult()
                                        .subcommand()
                                        .commandSpec()
                                        .name()))) {
            System.exit(code);
        }
    }
}
