package dev.trainplan.engine.memory;

import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Require;
import java.util.Objects;

/**
 * The fixed and proportional memory a framework needs beyond tensors it computes from the model, each
 * with the source of its default. Override any of them with the withers when a measurement of the
 * user's own stack is at hand.
 *
 * @param cudaContext CUDA context and loaded kernels, outside PyTorch's allocator
 * @param nccl NCCL communicator buffers, outside the allocator, on multi-device jobs only
 * @param workspaces cuBLAS/cuBLASLt and attention workspaces, through the allocator
 * @param fragmentationFraction reserved-but-unused allocator cache as a fraction of the allocated peak
 * @param fragmentationSource where that fraction comes from
 */
public record Overheads(Overhead cudaContext, Overhead nccl, Overhead workspaces, double fragmentationFraction,
                        String fragmentationSource) {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    public Overheads {
        Objects.requireNonNull(cudaContext, "cudaContext");
        Objects.requireNonNull(nccl, "nccl");
        Objects.requireNonNull(workspaces, "workspaces");
        Require.nonNegative("fragmentation fraction", fragmentationFraction, 1);
        Objects.requireNonNull(fragmentationSource, "fragmentationSource");
    }

    /** A fixed number of bytes and where it comes from. */
    public record Overhead(long bytes, String source) {
        public Overhead {
            if (bytes < 0) {
                throw new IllegalArgumentException("an overhead must be 0 bytes or more, not " + bytes + ".");
            }
            Objects.requireNonNull(source, "source");
        }
    }

    /** The defaults for {@code framework}, each naming its source. */
    public static Overheads defaults(Framework framework) {
        Overhead context = new Overhead(GIB / 2, "ml-engineering: CUDA context measured 0.47 GiB with lazy module loading (torch 2.1, A100)");
        Overhead nccl = new Overhead(3 * GIB / 2, "ml-engineering: device memory in use rose from 0.55 to 2.0 GiB after the first NCCL barrier");
        Overhead workspaces = switch (framework) {
            case MEGATRON -> new Overhead(64 * MIB, "PyTorch cuBLAS workspace 32 MiB (:4096:8) + Transformer Engine cuBLASLt workspace 32 MiB");
            default -> new Overhead(32 * MIB, "PyTorch cuBLAS workspace, CUBLAS_WORKSPACE_CONFIG default :4096:8 = 32 MiB");
        };
        return new Overheads(context, nccl, workspaces, 0.05,
                "Megatron theoretical_memory_usage adds 5%; SimuMax B200 runs reserve 3-7% above max_memory_allocated");
    }

    public Overheads withCudaContext(Overhead value) {
        return new Overheads(value, nccl, workspaces, fragmentationFraction, fragmentationSource);
    }

    public Overheads withNccl(Overhead value) {
        return new Overheads(cudaContext, value, workspaces, fragmentationFraction, fragmentationSource);
    }

    public Overheads withWorkspaces(Overhead value) {
        return new Overheads(cudaContext, nccl, value, fragmentationFraction, fragmentationSource);
    }

    public Overheads withFragmentation(double fraction, String source) {
        return new Overheads(cudaContext, nccl, workspaces, fraction, source);
    }
}
