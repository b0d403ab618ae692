package dev.trainplan.formats;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads model YAML (and JSON, which YAML contains) strictly: an unknown key, a value of the wrong type or a
 * fraction where a whole number belongs is one sentence naming the file, the entry and the key.
 */
final class ModelSpecReader {
    static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    private static final Map<Class<?>, String> TYPE_WORDS = Map.of(Integer.class, "a whole number", Long.class,
            "a whole number", Double.class, "a number", Boolean.class, "true or false", String.class, "text", List.class,
            "a list");

    private ModelSpecReader() {
    }

    static JsonNode tree(String text, String where) {
        try {
            JsonNode root = MAPPER.readTree(text);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException(where + " must be a mapping of keys to values.");
            }
            return root;
        } catch (JacksonException e) {
            throw new IllegalArgumentException(where + " is not valid YAML or JSON: " + firstLine(e.getOriginalMessage()) + ".", e);
        }
    }

    static ModelSpec spec(JsonNode node, String where) {
        try {
            return MAPPER.treeToValue(node, ModelSpec.class);
        } catch (UnrecognizedPropertyException e) {
            List<String> known = e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
            String key = e.getPropertyName();
            String hint = known.stream().filter(k -> Text.editDistance(key, k) <= 2 || key.length() >= 3 && k.startsWith(key))
                    .min(Comparator.comparingInt(k -> Text.editDistance(key, k))).map(k -> " (did you mean '" + k + "'?)").orElse("");
            throw new IllegalArgumentException(where + ": unknown key '" + key + "'" + hint + "; valid keys are "
                    + String.join(", ", known) + ".", e);
        } catch (MismatchedInputException e) {
            String key = e.getPath().stream().map(r -> r.getPropertyName() == null ? "[" + r.getIndex() + "]" : r.getPropertyName())
                    .collect(Collectors.joining("."));
            String wanted = TYPE_WORDS.getOrDefault(e.getTargetType(), "a mapping");
            throw new IllegalArgumentException(where + ": '" + key + "' must be " + wanted + ".", e);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(where + ": " + firstLine(e.getOriginalMessage()) + ".", e);
        }
    }

    private static String firstLine(String message) {
        String line = message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
        return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
    }
}
