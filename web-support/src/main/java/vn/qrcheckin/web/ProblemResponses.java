package vn.qrcheckin.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents the error answers every operation can give, as the problems they are, so that a client generated
 * from a service's document knows them: 400 and 401 everywhere, 403 where a role is needed, 404 where the path
 * names something, 406 for an Accept the operation cannot meet, 413 and 415 where a body is taken, 500 and 503
 * everywhere. An operation's own documentation of a status is kept. Registered in each service with
 * {@code mp.openapi.filter=vn.qrcheckin.web.ProblemResponses}.
 */
public class ProblemResponses implements OASFilter {

    static final String SCHEMA = "Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(SCHEMA, problemSchema());
        if (openAPI.getPaths() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            boolean namesSomething = path.getKey().contains("{");
            for (Operation op : path.getValue().getOperations().values()) {
                document(op, namesSomething);
            }
        }
    }

    private static void document(Operation op, boolean namesSomething) {
        if (op.getResponses() == null) {
            op.setResponses(OASFactory.createAPIResponses());
        }
        boolean secured = op.getSecurity() != null && !op.getSecurity().isEmpty();
        boolean body = op.getRequestBody() != null;
        Map<String, String> statuses = new LinkedHashMap<>();
        statuses.put("400", "Invalid request: the problem's errors name every invalid field or parameter");
        statuses.put("401", secured ? "No valid bearer token" : "A bearer token was sent and is not valid");
        if (secured) {
            statuses.put("403", "The token's role or area may not do this");
        }
        if (namesSomething) {
            statuses.put("404", "No such resource");
        }
        statuses.put("406", "The Accept header asks for a type this operation does not produce");
        if (body) {
            statuses.put("413", "The body is larger than this service takes");
            statuses.put("415", "The body is not of a type this operation takes");
        }
        statuses.put("500", "An unexpected failure (logged, without the request's personal data)");
        statuses.put("503", "The service sheds load or a dependency is unreachable; retry after Retry-After");
        APIResponses responses = op.getResponses();
        statuses.forEach((status, description) -> {
            if (responses.getAPIResponse(status) == null) {
                responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description)
                        .content(OASFactory.createContent().addMediaType(ProblemMapper.PROBLEM_JSON,
                                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(SCHEMA)))));
            }
        });
    }

    private static Schema problemSchema() {
        Schema string = OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING));
        Schema error = OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.OBJECT))
                .addProperty("field", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING))
                        .description("the field as the client sent it: items[2].person.number, a query parameter, a CSV column"))
                .addProperty("message", string);
        return OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.OBJECT))
                .description("RFC 9457 problem details")
                .addProperty("type", string).addProperty("title", string)
                .addProperty("status", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.INTEGER)))
                .addProperty("detail", string).addProperty("instance", string)
                .addProperty("errors", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.ARRAY)).items(error));
    }
}
