package dev.duplex.spring.ratelimit;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which rate limits a message meets, by endpoint, type and scope. For each scope the most specific setting wins:
 * the endpoint's rate for the type, the endpoint's rate, the global rate for the type, the global rate. Each
 * setting has buckets of its own, so a type with its own rate does not draw on the scope's general rate.
 */
public final class MessageRateRules {

  /**
   * A limit a message meets.
   *
   * @param scope whose messages share the bucket
   * @param key names the setting that produced it, so that each setting gets buckets of its own
   * @param rate the bucket's rate
   */
  public record Rule(LimitScope scope, String key, MessageRate rate) {
  }

  private final Map<LimitScope, ScopeLimits> global;
  private final Map<String, Map<LimitScope, ScopeLimits>> endpoints;
  private final Set<String> typesWithRates = new HashSet<>();
  private final ConcurrentMap<String, List<Rule>> resolved = new ConcurrentHashMap<>();

  /**
   * @param global the rates of every endpoint, by scope
   * @param endpoints overrides by endpoint path template, by scope
   */
  public MessageRateRules(Map<LimitScope, ScopeLimits> global, Map<String, Map<LimitScope, ScopeLimits>> endpoints) {
    this.global = new EnumMap<>(LimitScope.class);
    this.global.putAll(global);
    this.endpoints = Map.copyOf(endpoints);
    global.values().forEach(limits -> typesWithRates.addAll(limits.types().keySet()));
    endpoints.values().forEach(byScope -> byScope.values()
        .forEach(limits -> typesWithRates.addAll(limits.types().keySet())));
  }

  /** The path templates with overrides. */
  public Set<String> endpointsWithOverrides() {
    return endpoints.keySet();
  }

  /** Whether any message of the endpoint meets a limit. */
  public boolean limits(String endpoint) {
    if (!rulesFor(endpoint, null).isEmpty()) {
      return true;
    }
    return typesWithRates.stream().anyMatch(type -> !rulesFor(endpoint, type).isEmpty());
  }

  /**
   * The limits a message meets, at most one per scope.
   *
   * @param type the envelope type, or {@code null} for a raw message
   */
  public List<Rule> rulesFor(String endpoint, String type) {
    // Only types that some setting names are told apart, so that clients cannot grow this cache with made-up types.
    String known = type != null && typesWithRates.contains(type) ? type : null;
    return resolved.computeIfAbsent(known == null ? endpoint : endpoint + '#' + known,
        ignored -> resolve(endpoint, known));
  }

  private List<Rule> resolve(String endpoint, String type) {
    List<Rule> rules = new ArrayList<>(3);
    Map<LimitScope, ScopeLimits> overrides = endpoints.getOrDefault(endpoint, Map.of());
    for (LimitScope scope : LimitScope.values()) {
      Rule rule = resolve(scope, endpoint, type, overrides.getOrDefault(scope, ScopeLimits.NONE),
          global.getOrDefault(scope, ScopeLimits.NONE));
      if (rule != null && !rule.rate().isUnlimited()) {
        rules.add(rule);
      }
    }
    return List.copyOf(rules);
  }

  private static Rule resolve(LimitScope scope, String endpoint, String type, ScopeLimits local, ScopeLimits all) {
    if (type != null && local.types().containsKey(type)) {
      return new Rule(scope, endpoint + '#' + type, local.types().get(type));
    }
    if (local.rate() != null) {
      return new Rule(scope, endpoint, local.rate());
    }
    if (type != null && all.types().containsKey(type)) {
      return new Rule(scope, "#" + type, all.types().get(type));
    }
    return all.rate() != null ? new Rule(scope, "", all.rate()) : null;
  }

  @Override
  public String toString() {
    return "MessageRateRules[global=" + global + ", endpoints=" + endpoints + "]";
  }
}
