package dev.trainplan.engine.job;

import java.util.List;

/**
 * How a mixture-of-experts layer sends its tokens to their experts and back. {@link #ALLTOALL}: Megatron's
 * {@code --moe-token-dispatcher-type alltoall}, one all-to-all over the expert-parallel group in which every
 * token-expert pair travels to its expert's rank, so a token routed to three experts on one remote node crosses
 * the network three times. {@link #DEEPEP}: DeepSeek's DeepEP kernels (Megatron's {@code flex} dispatcher with
 * {@code --moe-enable-deepep}, NeMo AutoModel): a token crosses the network once per distinct remote
 * node its experts sit on and is forwarded to them over NVLink inside that node
 * ({@code Collectives#tokenDispatchSeconds}).
 */
public enum MoeDispatcher implements Named {
    ALLTOALL, DEEPEP;

    @Override
    public List<String> aliases() {
        return switch (this) {
            case ALLTOALL -> List.of("all-to-all", "a2a");
            case DEEPEP -> List.of("flex", "deep-ep");
        };
    }
}
