package dev.duplex.spring.resolve;

/**
 * Validates payloads of parameters marked {@code @Valid} or {@code @Validated}. Kept apart from Bean Validation
 * so that Duplex runs without it on the class path.
 */
public interface PayloadValidator {

  /**
   * @throws PayloadValidationException listing every violated constraint
   */
  void validate(Object payload);
}
