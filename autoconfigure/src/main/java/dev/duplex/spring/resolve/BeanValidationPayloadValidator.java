package dev.duplex.spring.resolve;

import dev.duplex.spring.messaging.WsErrorReply;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** {@link PayloadValidator} on Jakarta Bean Validation; violations become a {@code validation_failed} error. */
public final class BeanValidationPayloadValidator implements PayloadValidator {

  private final Validator validator;

  public BeanValidationPayloadValidator(Validator validator) {
    this.validator = validator;
  }

  @Override
  public void validate(Object payload) {
    Set<ConstraintViolation<Object>> violations = validator.validate(payload);
    if (!violations.isEmpty()) {
      List<WsErrorReply.FieldProblem> problems = violations.stream()
          .map(v -> new WsErrorReply.FieldProblem(v.getPropertyPath().toString(), v.getMessage()))
          .sorted(Comparator.comparing(WsErrorReply.FieldProblem::field))
          .toList();
      throw new PayloadValidationException(new WsErrorReply("validation_failed", "payload is invalid", problems));
    }
  }
}
