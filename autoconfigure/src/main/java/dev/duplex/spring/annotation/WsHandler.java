package dev.duplex.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Handles messages of a session.
 *
 * <p>With a type, {@code @WsHandler("chat.send")} handles the JSON envelopes {@code {"type":"chat.send",
 * "id":"42","data":{...}}} of that type: a {@link Payload} parameter receives {@code data} converted by Jackson
 * (records welcome, {@code @Valid} applies Bean Validation). A returned object is sent back as a reply envelope
 * with the same type and {@code "replyTo"} set to the request's {@code id}; {@code void} sends nothing; a
 * {@link java.util.concurrent.CompletionStage} replies when it completes. One handler per type and endpoint.
 *
 * <p>Without a type, the handler receives raw frames: a {@code String} (or {@code CharSequence}) parameter
 * receives text messages, a {@code byte[]} or {@link java.nio.ByteBuffer} parameter binary ones. A returned
 * {@code String} is sent as text, {@code byte[]} or {@code ByteBuffer} as binary, unchanged. An endpoint with
 * typed handlers treats every text message as an envelope, so it may only add a raw binary handler.
 *
 * <p>Messages of one session are handled one at a time, in order; sessions are handled in parallel.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WsHandler {

  /** The envelope type this method handles; empty for raw text or binary messages. */
  String value() default "";
}
