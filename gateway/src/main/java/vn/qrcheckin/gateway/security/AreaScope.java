package vn.qrcheckin.gateway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Singleton;


import vn.qrcheckin.contracts.units.AdminUnitCsv;
import vn.qrcheckin.gateway.config.GatewayConfig;
import vn.qrcheckin.contracts.units.AdminUnitRow;

/**
 * Whether an administrative code lies in an official's area (the area itself or anything under it), from the
 * official administrative units in contracts. Unknown codes lie in no area: the service answers what they are.
 */
@Singleton
public class AreaScope {

    private final Map<String, String> parents = new HashMap<>();

    public AreaScope(GatewayConfig config) {
        String resource = config.adminUnits();
        try {
            for (AdminUnitRow row : AdminUnitCsv.load(resource)) {
                parents.put(row.code(), row.parentCode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the administrative units could not be read", e);
        }
    }

    public boolean within(String code, String area) {
        for (String c = code; c != null && !c.isEmpty(); c = parents.get(c)) {
            if (c.equals(area)) {
                return true;
            }
            if (!parents.containsKey(c)) {
                return false;
            }
        }
        return false;
    }
}
