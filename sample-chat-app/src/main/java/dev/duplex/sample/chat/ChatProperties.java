package dev.duplex.sample.chat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the sample chat: who may sign in with a password, how long tokens last, what rooms remember. */
@ConfigurationProperties("chat")
public class ChatProperties {

  /**
   * Demo users, by name, with their password hashes in Spring Security's {id}hash format ({bcrypt}...); these
   * names need the password, any other valid name signs in as a guest without one.
   */
  private Map<String, String> users = new LinkedHashMap<>();

  /** Lifetime of the tokens the sign-in endpoint issues. */
  private Duration tokenTtl = Duration.ofHours(8);

  /** Messages each room keeps and replays to sessions that join it. */
  private int historySize = 50;

  /** Most rooms that may exist at once. */
  private int maxRooms = 100;

  /** Rooms that exist from the start. */
  private List<String> rooms = List.of("lobby", "random");

  public Map<String, String> getUsers() {
    return users;
  }

  public void setUsers(Map<String, String> users) {
    this.users = users;
  }

  public Duration getTokenTtl() {
    return tokenTtl;
  }

  public void setTokenTtl(Duration tokenTtl) {
    this.tokenTtl = tokenTtl;
  }

  public int getHistorySize() {
    return historySize;
  }

  public void setHistorySize(int historySize) {
    this.historySize = historySize;
  }

  public int getMaxRooms() {
    return maxRooms;
  }

  public void setMaxRooms(int maxRooms) {
    this.maxRooms = maxRooms;
  }

  public List<String> getRooms() {
    return rooms;
  }

  public void setRooms(List<String> rooms) {
    this.rooms = rooms;
  }
}
