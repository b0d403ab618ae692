/** Reading and writing: job files, Hugging Face config.json, validation CSV, the built-in catalog. */
package dev.trainplan.formats;
