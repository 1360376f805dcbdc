package dev.duplex.spring.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of the {@code duplex} Actuator endpoint. Whether it is exposed, and to whom, is up to Actuator's
 * own settings ({@code management.endpoints.web.exposure.include=duplex}, Spring Security).
 */
@ConfigurationProperties("duplex.actuator")
public class DuplexActuatorProperties implements Validator {

  /** How many rooms {@code GET /actuator/duplex} lists, largest first. */
  private int topRooms = 10;

  /** Most sessions in one page of {@code GET /actuator/duplex/sessions}; also the default page size. */
  private int sessionsPageSize = 100;

  public int getTopRooms() {
    return topRooms;
  }

  public void setTopRooms(int topRooms) {
    this.topRooms = topRooms;
  }

  public int getSessionsPageSize() {
    return sessionsPageSize;
  }

  public void setSessionsPageSize(int sessionsPageSize) {
    this.sessionsPageSize = sessionsPageSize;
  }

  @Override
  public boolean supports(Class<?> type) {
    return DuplexActuatorProperties.class.isAssignableFrom(type);
  }

  @Override
  public void validate(Object target, Errors errors) {
    DuplexActuatorProperties properties = (DuplexActuatorProperties) target;
    if (properties.topRooms < 0) {
      errors.rejectValue("topRooms", "notNegative", "must not be negative, was " + properties.topRooms);
    }
    if (properties.sessionsPageSize < 1) {
      errors.rejectValue("sessionsPageSize", "positive", "must be positive, was " + properties.sessionsPageSize);
    }
  }
}
