package vn.qrcheckin.checkin.config;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Jackson's Blackbird module: record accessors and constructors called through generated lambdas rather than
 * reflection. Reading check-ins and writing batch answers is most of this service's JSON work, and
 * {@code Method.invoke} showed in its profiles.
 */
@Singleton
public class JsonSpeed implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new BlackbirdModule());
    }
}
