/**
 * specs/manifest.json: every model wberr checks, with its spec, module, cfg, variant, property, mode, expected verdict
 * and distinct-state count. Read and validated here (a bad entry is input error naming the field), used by check,
 * export and the report.
 */
package org.wberr.manifest;
