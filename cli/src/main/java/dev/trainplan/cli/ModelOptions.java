package dev.trainplan.cli;

import dev.trainplan.engine.model.Model;
import dev.trainplan.formats.CatalogModel;
import dev.trainplan.formats.ModelCatalog;
import dev.trainplan.formats.ModelFiles;
import picocli.CommandLine.Option;

/**
 * The model a command plans for, as a picocli {@code @Mixin}: {@code --model NAME|FILE}, a catalog id or
 * alias, a Hugging Face {@code config.json} (or its folder), or a trainplan model YAML/JSON file.
 */
public final class ModelOptions {
    @Option(names = "--model", paramLabel = "NAME|FILE", description = {
        "The model: a catalog id ('trainplan models' lists them), a Hugging Face config.json or its folder,",
        "or a trainplan model YAML file."})
    String model;

    /** Whether the user named a model at all. */
    public boolean given() {
        return model != null;
    }

    /** The model; a bad name or file is one sentence that names {@code --model}. */
    public Model resolve() {
        return resolveEntry().model();
    }

    /** The model with its catalog id, family and source (a file's path for files). */
    public CatalogModel resolveEntry() {
        if (model == null) {
            throw new UserInputException("--model is missing; give a catalog id ('trainplan models' lists them), a config.json or a model file.");
        }
        try {
            return ModelFiles.resolve(model, ModelCatalog.builtIn(), "--model");
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            if (message.startsWith("--model")) {
                throw new UserInputException(message, e);
            }
            // file errors already start with the path
            throw new UserInputException("--model " + (message.startsWith(model) ? "" : model + ": ") + message, e);
        }
    }
}
