package vn.qrcheckin.checkin;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import vn.qrcheckin.testsupport.PrivateStoresResource;
import vn.qrcheckin.testsupport.QrKeysServerResource;

/** One application for all test classes: its own Redis key prefix, the OIDC test server, published QR keys. */
@QuarkusTestResource(PrivateStoresResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(QrKeysServerResource.class)
public final class TestStores {

    private TestStores() {
    }
}
