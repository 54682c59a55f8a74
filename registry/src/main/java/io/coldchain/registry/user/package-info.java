/**
 * People: user accounts (tenant admins and QA, regulators of an authority, the platform
 * administrator), their Argon2id password hashes, login sessions and the record of login attempts
 * (tables of migration V11). HTTP lives in the API module; this package only stores.
 */
package io.coldchain.registry.user;
