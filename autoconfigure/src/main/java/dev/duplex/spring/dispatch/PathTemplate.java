package dev.duplex.spring.dispatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An endpoint path such as {@code /chat/{room}}: literal segments and variables that match one whole segment
 * each. Matching is exact otherwise: no wildcards, no trailing-slash leniency.
 */
final class PathTemplate {

  private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

  /** Literal paths first, then templates with more literal segments. */
  static final Comparator<PathTemplate> MOST_SPECIFIC_FIRST =
      Comparator.comparingInt((PathTemplate t) -> t.variables.size()).thenComparing(t -> -t.literalLength);

  private final String template;
  private final Pattern pattern;
  private final List<String> variables;
  private final String shape;
  private final int literalLength;

  private PathTemplate(String template, Pattern pattern, List<String> variables, String shape, int literalLength) {
    this.template = template;
    this.pattern = pattern;
    this.variables = variables;
    this.shape = shape;
    this.literalLength = literalLength;
  }

  /**
   * @throws IllegalArgumentException when the template is not a path, or a variable is malformed, repeated or
   *     does not span a whole segment
   */
  static PathTemplate parse(String template) {
    if (template == null || !template.startsWith("/")) {
      throw new IllegalArgumentException("endpoint path must start with '/': " + template);
    }
    StringBuilder regex = new StringBuilder();
    ArrayList<String> names = new ArrayList<>();
    StringBuilder shape = new StringBuilder();
    int literal = 0;
    for (String segment : template.substring(1).split("/", -1)) {
      regex.append('/');
      shape.append('/');
      Matcher variable = VARIABLE.matcher(segment);
      if (variable.matches()) {
        String name = variable.group(1);
        if (names.contains(name)) {
          throw new IllegalArgumentException("path variable {" + name + "} appears twice in " + template);
        }
        names.add(name);
        regex.append("([^/]+)");
        shape.append("{}");
      } else if (segment.contains("{") || segment.contains("}")) {
        throw new IllegalArgumentException("a path variable must be a whole segment, like /{name}: " + template);
      } else {
        regex.append(Pattern.quote(segment));
        shape.append(segment);
        literal += segment.length();
      }
    }
    return new PathTemplate(template, Pattern.compile(regex.toString()), List.copyOf(names), shape.toString(),
        literal);
  }

  /** The variables of {@code path}, or {@code null} when it does not match. */
  Map<String, String> match(String path) {
    Matcher matcher = pattern.matcher(path);
    if (!matcher.matches()) {
      return null;
    }
    if (variables.isEmpty()) {
      return Map.of();
    }
    LinkedHashMap<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < variables.size(); i++) {
      values.put(variables.get(i), matcher.group(i + 1));
    }
    return values;
  }

  List<String> variables() {
    return variables;
  }

  /** The template with variable names erased: two endpoints with the same shape match the same paths. */
  String shape() {
    return shape;
  }

  @Override
  public String toString() {
    return template;
  }
}
