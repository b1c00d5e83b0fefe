package vn.qrcheckin.venue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import vn.qrcheckin.testsupport.PrivateStoresResource;

/**
 * Every test class of this module shares one application with its own PostgreSQL database, its own Redis
 * key prefix and the Quarkus OIDC test server.
 */
@QuarkusTestResource(PrivateStoresResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
public final class TestStores {

    private TestStores() {
    }
}
