/**
 * The HTTP edge of Coldchain: bearer tokens ({@link io.coldchain.api.TokenService}), who may read
 * what ({@link io.coldchain.api.AccessPolicy}), and one verticle that owns the HTTP server
 * ({@link io.coldchain.api.HttpVerticle}).
 *
 * <p>Rules that hold for every class here:
 * <ul>
 *   <li>Blocking JDBC runs only on the worker executor of {@link io.coldchain.api.DbWorker}, never on
 *       the event loop; SQL lives in the ingest store classes, not here.
 *   <li>Every error becomes a {@link io.coldchain.core.error.ColdchainException} (or is treated as an
 *       internal error) and is written by the one {@link io.coldchain.api.FailureHandler}, so the
 *       response shape {@code {"error", "detail"}} cannot diverge between endpoints.
 *   <li>A caller never learns whether another tenant's ids exist: outside its scope, everything is 404.
 *   <li>{@code src/main/resources/openapi.yaml} describes every route; a test keeps them in step.
 * </ul>
 */
package io.coldchain.api;
