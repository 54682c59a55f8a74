package io.coldchain.registry.recall;

import java.util.List;

/**
 * Where some of a lot's units are: a site, the assets there that held it (cold rooms, display cases)
 * or the vehicle still carrying it there.
 *
 * @param inTransit the lot is still on the vehicle(s) in {@code assets}, on its way to the site
 */
public record RecallLocation(String lot, String site, List<String> assets, boolean inTransit) {
    public RecallLocation {
        assets = List.copyOf(assets);
    }
}
