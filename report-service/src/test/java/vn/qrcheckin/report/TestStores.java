package vn.qrcheckin.report;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import vn.qrcheckin.testsupport.PrivateStoresResource;
import vn.qrcheckin.testsupport.VenueSnapshotResource;

/** One application for all test classes: its own database and Redis prefix, the OIDC test server, an empty venue snapshot. */
@QuarkusTestResource(PrivateStoresResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(VenueSnapshotResource.class)
public final class TestStores {

    private TestStores() {
    }
}
