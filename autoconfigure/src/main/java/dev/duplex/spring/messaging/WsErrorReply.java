package dev.duplex.spring.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * The {@code data} of an {@code error} envelope: a stable machine-readable {@code code}, a human
 * {@code message}, and optional details. Return one from a {@code @WsError} method, or throw a
 * {@link WsException} that carries one.
 *
 * <p>Codes Duplex itself sends: {@code bad_json}, {@code unknown_type}, {@code bad_request},
 * {@code validation_failed}, {@code internal_error}, {@code rate_limited}.
 *
 * @param code stable identifier for programs, such as {@code bad_request}
 * @param message short explanation for people; never a stack trace
 * @param details per-field problems of a {@code validation_failed} error; empty otherwise
 * @param retryAfterMs for errors that pass with time, such as {@code rate_limited}: how long to wait before trying
 *     again; {@code null} otherwise
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record WsErrorReply(String code, String message, List<FieldProblem> details, Long retryAfterMs) {

  /** Code of the error a rate limit answers with. */
  public static final String RATE_LIMITED = "rate_limited";

  public WsErrorReply {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    details = details == null ? List.of() : List.copyOf(details);
  }

  public WsErrorReply(String code, String message, List<FieldProblem> details) {
    this(code, message, details, null);
  }

  public static WsErrorReply of(String code, String message) {
    return new WsErrorReply(code, message, List.of(), null);
  }

  /** A {@code rate_limited} error telling the client when to try again. */
  public static WsErrorReply rateLimited(String message, long retryAfterMs) {
    return new WsErrorReply(RATE_LIMITED, message, List.of(), retryAfterMs);
  }

  /**
   * One invalid field of a payload.
   *
   * @param field the property path, such as {@code text} or {@code items[0].name}
   * @param message what is wrong with it
   */
  public record FieldProblem(String field, String message) {
  }
}
