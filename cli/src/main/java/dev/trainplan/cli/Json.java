package dev.trainplan.cli;

import java.io.PrintWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The one JSON writer of the command line: pretty-printed, keys in insertion order, numbers as numbers. */
public final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static void print(PrintWriter out, Object tree) {
        out.println(MAPPER.writeValueAsString(tree));
        out.flush();
    }
}
