package dev.trainplan.cli;

import dev.trainplan.engine.job.BatchGrowth;
import dev.trainplan.engine.job.BatchSpec;
import dev.trainplan.engine.job.Cluster;
import dev.trainplan.engine.job.Dataset;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Loading;
import dev.trainplan.engine.job.MoeDispatcher;
import dev.trainplan.engine.job.Named;
import dev.trainplan.engine.job.Optimizer;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.job.TrainingLength;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The job options every command shares, named as the frameworks name them (HF Trainer, torchrun,
 * DeepSpeed, Megatron), with the other frameworks' spellings as aliases.
 */
public final class JobOptions {
    @Option(names = "--framework", paramLabel = "NAME", description = "Whose rules count the steps: hf, deepspeed, megatron, lightning, torchrun (also torchtitan, llm-foundry, maxtext, nanotron). Default: ${DEFAULT-VALUE}.", defaultValue = "hf")
    String framework;

    @Option(names = "--samples", paramLabel = "N", description = "Training samples (sequences) in the dataset (e.g. 1000000 or 1M).", converter = Numbers.LongConverter.class)
    Long samples;

    @Option(names = {"--tokens", "--train-tokens"}, paramLabel = "N", description = "Training tokens instead of samples; packed into sequences of --seq-len (e.g. 1e12 or 1T).", converter = Numbers.LongConverter.class)
    Long tokens;

    @Option(names = "--train-samples", paramLabel = "N", description = "Megatron's --train-samples: samples over the whole run (sets --samples and one epoch).", converter = Numbers.LongConverter.class)
    Long trainSamples;

    @Option(names = {"--seq-len", "--seq-length", "--max-seq-length"}, paramLabel = "S", description = "Tokens per sample. Default: ${DEFAULT-VALUE}.", defaultValue = "2048")
    int seqLen;

    @Option(names = {"--num-train-epochs", "--num_train_epochs", "--epochs", "--max-epochs"}, paramLabel = "E", description = "Epochs (HF accepts fractions). Default: 1.")
    Double epochs;

    @Option(names = {"--max-steps", "--max_steps", "--train-iters"}, paramLabel = "N", description = "Optimizer steps; wins over epochs as in HF Trainer and Lightning.", converter = Numbers.LongConverter.class)
    Long maxSteps;

    @Option(names = {"--per-device-train-batch-size", "--per_device_train_batch_size", "--train-micro-batch-size-per-gpu", "--micro-batch-size", "--micro-batch"},
            paramLabel = "B", description = "Samples per device per forward/backward (micro-batch). HF default: 8.")
    Integer microBatch;

    @Option(names = {"--gradient-accumulation-steps", "--gradient_accumulation_steps", "--accumulate-grad-batches", "--ga"}, paramLabel = "GA",
            description = "Micro-batches accumulated per optimizer step.")
    Integer gradientAccumulation;

    @Option(names = {"--global-batch-size", "--train-batch-size", "--global-batch"}, paramLabel = "G",
            description = "Samples per optimizer step over all data-parallel ranks (DeepSpeed train_batch_size, Megatron --global-batch-size).", converter = Numbers.LongConverter.class)
    Long globalBatch;

    @Option(names = "--nnodes", paramLabel = "N", description = "Nodes (torchrun --nnodes). Default: ${DEFAULT-VALUE}.", defaultValue = "1")
    int nnodes;

    @Option(names = {"--nproc-per-node", "--nproc_per_node", "--gpus-per-node"}, paramLabel = "N", description = "Processes (GPUs) per node. Default: ${DEFAULT-VALUE}.", defaultValue = "1")
    int nprocPerNode;

    @Option(names = {"--tp", "--tensor-model-parallel-size"}, paramLabel = "T", description = "Tensor-parallel size. Default: ${DEFAULT-VALUE}.", defaultValue = "1")
    int tp;

    @Option(names = {"--pp", "--pipeline-model-parallel-size"}, paramLabel = "P", description = "Pipeline-parallel size. Default: ${DEFAULT-VALUE}.", defaultValue = "1")
    int pp;

    @Option(names = {"--cp", "--context-parallel-size"}, paramLabel = "C", description = "Context-parallel size. Default: ${DEFAULT-VALUE}.", defaultValue = "1")
    int cp;

    @Option(names = {"--ep", "--expert-model-parallel-size"}, paramLabel = "E", description = "Expert-parallel size (MoE). Default: ${DEFAULT-VALUE}.", defaultValue = "1")
    int ep;

    @Option(names = {"--etp", "--expert-tensor-parallel-size"}, paramLabel = "T", description = "Tensor-parallel size of the expert layers (MoE). "
            + "Default: Megatron's, tp when tp × ep × pp divides the devices, else 1. It places the expert-parallel group: ranks go "
            + "expert tp, ep, expert dp, pp, so with expert tp 1 an ep of 8 stays in one 8-GPU node.")
    Integer etp;

    @Option(names = {"--moe-dispatcher", "--moe-token-dispatcher-type"}, paramLabel = "NAME", description = "How MoE tokens reach their "
            + "experts: alltoall (Megatron's default: every token-expert pair crosses the network to its expert) or deepep (DeepEP, "
            + "Megatron's flex dispatcher: a token crosses once per remote node its experts are on, then NVLink). Default: ${DEFAULT-VALUE}.",
            defaultValue = "alltoall")
    String moeDispatcher;

    @Option(names = {"--vp", "--virtual-pipeline-size", "--num-layers-per-virtual-pipeline-stage-chunks"}, paramLabel = "V", description = "Virtual pipeline chunks per stage (interleaved 1F1B). Default: ${DEFAULT-VALUE}.", defaultValue = "1")
    int vp;

    @Option(names = "--sequence-parallel", description = "Megatron sequence parallelism on the tensor-parallel group.")
    boolean sequenceParallel;

    @Option(names = {"--sharding", "--zero-stage"}, paramLabel = "S", description = "none, zero1 (Megatron distributed optimizer), zero2, zero3 (FSDP full shard). Default: ${DEFAULT-VALUE}.", defaultValue = "none")
    String sharding;

    @Option(names = "--precision", paramLabel = "P", description = "GEMM precision: fp32, fp16, bf16, fp8, mxfp8, nvfp4. Default: ${DEFAULT-VALUE}.", defaultValue = "bf16")
    String precision;

    @Option(names = "--optimizer", paramLabel = "O", description = "sgd, momentum, adamw, adafactor, adam-8bit. Default: ${DEFAULT-VALUE}.", defaultValue = "adamw")
    String optimizer;

    @Option(names = {"--recompute", "--recompute-granularity"}, paramLabel = "R", description = "Activation recomputation: none, selective, full. Default: ${DEFAULT-VALUE}.", defaultValue = "none")
    String recompute;

    @Option(names = {"--recompute-layers", "--recompute-num-layers"}, paramLabel = "N", description = "With --recompute full: recompute only the"
            + " first N layers of each pipeline chunk; the others keep their activations (Megatron --recompute-method block"
            + " --recompute-num-layers N). Default: every layer.")
    Integer recomputeLayers;

    @Option(names = {"--dataloader-drop-last", "--dataloader_drop_last", "--drop-last"}, description = "Drop the last incomplete batch (DataLoader / Trainer drop_last).")
    boolean dropLast;

    @Option(names = "--sampler-drop-last", description = "torchrun: DistributedSampler(drop_last=True) cuts the tail instead of padding.")
    boolean samplerDropLast;

    @Option(names = "--no-even-batches", description = "accelerate even_batches=False: ranks may get different numbers of batches.")
    boolean unevenBatches;

    @Option(names = "--split-batches", description = "accelerate split_batches=True: each batch is split across the processes.")
    boolean splitBatches;

    @Option(names = "--limit-train-batches", paramLabel = "X", description = "Lightning limit_train_batches: a whole number of batches, or a fraction such as 0.5.")
    String limitTrainBatches;

    @Option(names = "--decrease-batch-size-if-needed", description = "Megatron: round the global batch down to a multiple of micro-batch × DP.")
    boolean decreaseBatchSize;

    @Option(names = {"--warmup-steps", "--warmup_steps"}, paramLabel = "W", description = "HF 5.x warmup_steps: below 1 a ratio of max_steps, otherwise whole steps.")
    Double warmupSteps;

    @Option(names = "--rampup-batch-size", arity = "3", paramLabel = "N", description = "Megatron batch ramp-up: START INCREMENT SAMPLES.")
    List<Long> rampup;

    @Option(names = "--step-batch-size-schedule", paramLabel = "\"S:B ...\"", description = "Megatron batch schedule: consumed samples:global batch pairs, e.g. \"0:256 2000:512\".")
    String schedule;

    /** True when the user gave no dataset size at all. */
    boolean noDataset() {
        return samples == null && tokens == null && trainSamples == null;
    }

    Job toJob() {
        return builder().build();
    }

    Job.Builder builder() {
        Framework fw = Framework.parse(framework);
        Dataset dataset;
        if ((samples != null ? 1 : 0) + (tokens != null ? 1 : 0) + (trainSamples != null ? 1 : 0) > 1) {
            throw new IllegalArgumentException("give one of --samples, --tokens and --train-samples, not several.");
        } else if (tokens != null) {
            dataset = Dataset.ofTokens(tokens, seqLen);
        } else if (samples != null || trainSamples != null) {
            dataset = Dataset.of(samples != null ? samples : trainSamples, seqLen);
        } else {
            throw new IllegalArgumentException("the dataset size is missing; give --samples N or --tokens N (with --seq-len).");
        }
        TrainingLength length = new TrainingLength(epochs != null ? epochs : (maxSteps != null ? 0 : 1), maxSteps != null ? maxSteps : 0);
        if (fw != Framework.LIGHTNING && length.epochs() == 0 && maxSteps != null) {
            length = new TrainingLength(1, maxSteps);
        }
        if (maxSteps != null && maxSteps < 1) {
            throw new IllegalArgumentException("--max-steps must be a whole number from 1 up, not " + maxSteps + ".");
        }
        return Job.builder()
                .framework(fw)
                .dataset(dataset)
                .length(length)
                .cluster(Cluster.of(nnodes, nprocPerNode))
                .parallelism(new Parallelism(tp, pp, cp, ep, vp, sequenceParallel, etp == null ? 0 : (int) positive(etp, "--etp")))
                .batch(new BatchSpec(orZero(microBatch, "--per-device-train-batch-size"), orZero(gradientAccumulation, "--gradient-accumulation-steps"),
                        globalBatch == null ? 0 : positive(globalBatch, "--global-batch-size")))
                .growth(growth())
                .sharding(Sharding.parse(sharding))
                .precision(Precision.parse(precision))
                .optimizer(Optimizer.parse(optimizer))
                .recompute(Recompute.parse(recompute))
                .recomputeLayers(orZero(recomputeLayers, "--recompute-layers"))
                .loading(loading())
                .dispatcher(Named.parse(MoeDispatcher.class, "--moe-dispatcher", moeDispatcher));
    }

    private Loading loading() {
        double limit = 0;
        boolean isCount = false;
        if (limitTrainBatches != null) {
            String v = limitTrainBatches.trim();
            try {
                if (v.matches("[0-9]+")) {
                    limit = Long.parseLong(v);
                    isCount = true;
                } else {
                    limit = Double.parseDouble(v);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--limit-train-batches '" + v + "' is neither a whole number of batches nor a fraction from 0 to 1.");
            }
        }
        return new Loading(dropLast, samplerDropLast, !unevenBatches, splitBatches, limit, isCount, decreaseBatchSize,
                warmupSteps == null ? -1 : nonNegative(warmupSteps));
    }

    private static double nonNegative(double warmup) {
        if (!(warmup >= 0)) {
            throw new IllegalArgumentException("--warmup-steps must be 0 or more, not " + warmup + ".");
        }
        return warmup;
    }

    private BatchGrowth growth() {
        if (rampup != null && schedule != null) {
            throw new IllegalArgumentException("give --rampup-batch-size or --step-batch-size-schedule, not both.");
        }
        if (rampup != null) {
            return new BatchGrowth.Rampup(rampup.get(0), rampup.get(1), rampup.get(2));
        }
        if (schedule != null) {
            List<BatchGrowth.Stage> stages = new ArrayList<>();
            for (String pair : schedule.trim().split("[\\s,]+")) {
                String[] parts = pair.split(":");
                try {
                    if (parts.length != 2) {
                        throw new NumberFormatException();
                    }
                    stages.add(new BatchGrowth.Stage(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--step-batch-size-schedule entry '" + pair + "' is not SAMPLES:BATCH, e.g. 2000:512.");
                }
            }
            return new BatchGrowth.StepSchedule(stages);
        }
        return BatchGrowth.CONSTANT;
    }

    private static int orZero(Integer value, String option) {
        if (value == null) {
            return 0;
        }
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be a whole number from 1 up, not " + value + ".");
        }
        return value;
    }

    private static long positive(long value, String option) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be a whole number from 1 up, not " + value + ".");
        }
        return value;
    }
}
