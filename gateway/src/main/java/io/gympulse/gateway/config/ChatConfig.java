package io.gympulse.gateway.config;

import java.net.URI;
import java.util.Optional;

/**
 * Which assistant answers {@code POST /chat}.
 *
 * @param bedrock whether the Bedrock agent answers (else the local rule-based assistant)
 * @param agentId the agent ({@code gym-pulse-chat-agent}) id
 * @param aliasId the agent alias id
 * @param endpoint a local Bedrock agent runtime endpoint (tests); empty means AWS
 */
public record ChatConfig(boolean bedrock, String agentId, String aliasId, Optional<URI> endpoint, String region) {
}
