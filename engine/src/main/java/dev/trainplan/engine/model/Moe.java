package dev.trainplan.engine.model;

import dev.trainplan.engine.job.Require;

/**
 * Mixture-of-experts layers: {@code experts} routed experts of width {@code expertFfnHidden}, each token
 * sent to {@code topK} of them; {@code sharedExperts} always-active experts of width
 * {@code sharedExpertFfnHidden} each; the first {@code denseLayers} layers are dense MLPs instead;
 * the router is {@code hidden × experts} (+{@code experts} bias terms when {@code routerBias}).
 */
public record Moe(int experts, int topK, int expertFfnHidden, int sharedExperts, int sharedExpertFfnHidden,
                  int denseLayers, boolean routerBias) {
    public static final Moe NONE = new Moe(0, 0, 0, 0, 0, 0, false);

    public Moe {
        if (experts != 0) {
            Require.positive("moe experts", experts, 1 << 16);
            Require.positive("moe top-k", topK, experts);
            Require.positive("moe expert ffn_hidden", expertFfnHidden, 1 << 24);
        } else if (topK != 0 || expertFfnHidden != 0 || sharedExperts != 0) {
            throw new IllegalArgumentException("moe top-k, expert width and shared experts need moe experts above 0, but experts is 0.");
        }
        if (sharedExperts < 0 || sharedExperts > 1 << 10) {
            throw new IllegalArgumentException("moe shared experts must be from 0 to 1024, not " + sharedExperts + ".");
        }
        if (sharedExperts > 0) {
            Require.positive("moe shared expert ffn_hidden", sharedExpertFfnHidden, 1 << 24);
        }
        if (denseLayers < 0) {
            throw new IllegalArgumentException("moe dense layers must be 0 or more, not " + denseLayers + ".");
        }
    }

    public boolean enabled() {
        return experts > 0;
    }
}
