package io.coldchain.api;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.coldchain.core.error.ColdchainException;
import io.coldchain.registry.RegistryStore.Actor;
import io.coldchain.registry.RegistryView;
import io.coldchain.registry.publiccode.PublicCodeStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/tenants/{tenant}/batches/{lot}/public-code} (issues the batch's code when it has
 * none; {@code ?format=png} answers a QR code of the URL instead of the JSON) and {@code DELETE} of
 * the same path (revokes it: the next GET issues a new code). admin and qa of the tenant
 * ({@link AccessPolicy#requirePublicCodes}); issuing and revoking are audited.
 *
 * <p>The URL's base is {@code http.public.url} when set: behind a TLS proxy the request's own
 * scheme and host are the internal ones, and a Host header is the client's to choose, neither of
 * which belongs on packaging. Unset, it is the request's scheme and Host header (the address the
 * admin reached the API at) — a documented limitation: print codes only from the public address.
 */
final class PublicCodeEndpoint {
    /** Pixels of the QR PNG: sharp enough for a label printer at 3 cm. */
    static final int PNG_SIZE = 512;

    private final DbWorker db;
    private final AccessPolicy policy;
    private final PublicCodeStore codes;
    private final RegistryView registry;

    private final Optional<URI> publicUrl;

    PublicCodeEndpoint(
            DbWorker db, AccessPolicy policy, PublicCodeStore codes, RegistryView registry, Optional<URI> publicUrl) {
        this.publicUrl = publicUrl;
        this.db = db;
        this.policy = policy;
        this.codes = codes;
        this.registry = registry;
    }

    void get(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        Principal caller = request.caller();
        String tenant = request.tenant();
        policy.requirePublicCodes(request);
        String lot = Params.id(ctx, "lot");
        String format = ctx.queryParams().get("format");
        if (format != null && !"png".equals(format) && !"json".equals(format)) {
            throw ColdchainException.badRequest(Params.INVALID, "format must be json or png");
        }
        Actor actor = new Actor(caller.subject(), caller.role());
        String base = publicUrl
                .map(URI::toString)
                .orElseGet(() -> ctx.request().scheme() + "://" + ctx.request().authority());
        db.query(
                        c -> RegistryEndpoint.inTransaction(c, () -> {
                            if (registry.batch(c, tenant, lot).isEmpty()) {
                                throw AccessPolicy.notFound(tenant);
                            }
                            return codes.liveOrIssue(c, tenant, lot, actor);
                        }),
                        code -> {
                            String url = base + "/t/" + code;
                            return "png".equals(format)
                                    ? png(url)
                                    : new JsonObject()
                                            .put("lot", lot)
                                            .put("code", code)
                                            .put("url", url)
                                            .toBuffer();
                        })
                .onSuccess(body -> {
                    if ("png".equals(format)) {
                        ctx.response()
                                .putHeader(HttpHeaders.CONTENT_TYPE, "image/png")
                                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                                .end(body);
                    } else {
                        JsonResponse.ok(ctx, body);
                    }
                })
                .onFailure(ctx::fail);
    }

    void revoke(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        Principal caller = request.caller();
        String tenant = request.tenant();
        policy.requirePublicCodes(request);
        String lot = Params.id(ctx, "lot");
        Actor actor = new Actor(caller.subject(), caller.role());
        db.query(
                        c -> RegistryEndpoint.inTransaction(c, () -> {
                            if (registry.batch(c, tenant, lot).isEmpty()) {
                                throw AccessPolicy.notFound(tenant);
                            }
                            return codes.revoke(c, tenant, lot, actor);
                        }),
                        revoked -> new JsonObject()
                                .put("lot", lot)
                                .put("revoked", revoked)
                                .toBuffer())
                .onSuccess(b -> JsonResponse.ok(ctx, b))
                .onFailure(ctx::fail);
    }

    /** A QR code (error correction M, quiet zone of 2 modules) of the URL as PNG. */
    static Buffer png(String url) {
        try {
            BitMatrix m = new QRCodeWriter()
                    .encode(
                            url,
                            BarcodeFormat.QR_CODE,
                            PNG_SIZE,
                            PNG_SIZE,
                            Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MatrixToImageWriter.writeToStream(m, "PNG", out);
            return Buffer.buffer(out.toByteArray());
        } catch (WriterException e) {
            throw ColdchainException.internal("QR encoding failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
