package dev.grpo.cli.broker;

import java.nio.file.Path;
import java.util.List;

/**
 * The options of {@code grpo broker} as given, in no broker type: {@link ForegroundBroker} turns them into the
 * broker's options, so that {@link BrokerCommand} loads without the broker's jars.
 *
 * @param host host name to listen on and advertise
 * @param port client port (0: a free one)
 * @param controllerPort KRaft controller port (0: a free one)
 * @param data data directory
 * @param security {@code plaintext} or {@code sasl-ssl}
 * @param users {@code NAME:PASSWORD} of SCRAM users to create at start
 */
record BrokerSettings(String host, int port, int controllerPort, Path data, String security, List<String> users) {
}
