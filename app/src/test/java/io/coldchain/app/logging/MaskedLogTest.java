package io.coldchain.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** The application's own logback.xml masks passwords in messages, arguments and stack traces. */
class MaskedLogTest {

    @Test
    @SuppressWarnings("unchecked")
    void messages_and_stack_traces_carry_no_password() throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        URL config = MaskedLogTest.class.getClassLoader().getResource("logback.xml");
        assertThat(config).as("the application's logback.xml").isNotNull();
        configurator.doConfigure(config);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        OutputStreamAppender<ILoggingEvent> stdout = (OutputStreamAppender<ILoggingEvent>) root.getAppender("STDOUT");
        LayoutWrappingEncoder<ILoggingEvent> encoder = (LayoutWrappingEncoder<ILoggingEvent>) stdout.getEncoder();

        LoggingEvent event = new LoggingEvent(
                MaskedLogTest.class.getName(),
                context.getLogger("test"),
                Level.WARN,
                "cannot reach {} with {}",
                new IllegalStateException("connect jdbc:postgresql://u:dbpw@db/x?password=qpw failed"),
                new Object[] {"tcp://gw:mqttpw@broker:1883", "smtp.password=smtppw"});
        String line = encoder.getLayout().doLayout(event);
        assertThat(line)
                .contains("tcp://gw:***@broker:1883")
                .contains("smtp.password=***")
                .contains("jdbc:postgresql://u:***@db/x?password=***")
                .contains("IllegalStateException")
                .contains("MaskedLogTest")
                .doesNotContain("mqttpw")
                .doesNotContain("smtppw")
                .doesNotContain("dbpw")
                .doesNotContain("qpw");
        context.stop();
    }
}
