/** Public trace codes of batches (contract §9): issued, found, revoked. */
package io.coldchain.registry.publiccode;
