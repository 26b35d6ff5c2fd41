/**
 * The Informal Trace Format (ITF, Apalache ADR-015): reading and writing traces as JSON, the values in them
 * ({@link org.wberr.itf.ItfValue}), TLC values encoded as ITF, and TLA+ text for messages. A format, not a stage:
 * export writes it, conformance and gen read it, and the traces of other tools (Apalache, Quint) arrive through it.
 */
package org.wberr.itf;
