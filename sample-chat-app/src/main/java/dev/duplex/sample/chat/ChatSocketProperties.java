package dev.duplex.sample.chat;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the chat socket listens, and what it accepts.
 *
 * @param port port of the WebSocket server; 0 picks a free one
 * @param maxTextLength longest chat message accepted, in characters
 */
@ConfigurationProperties("chat.socket")
public record ChatSocketProperties(@DefaultValue("8081") int port, @DefaultValue("500") int maxTextLength) {
}
