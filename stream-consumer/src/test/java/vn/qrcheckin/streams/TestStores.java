package vn.qrcheckin.streams;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import vn.qrcheckin.testsupport.PrivateStoresResource;

/** One application for all test classes: its own database and Redis prefix, the OIDC test server, a snapshot server. */
@QuarkusTestResource(PrivateStoresResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(SnapshotServer.class)
public final class TestStores {

    private TestStores() {
    }
}
