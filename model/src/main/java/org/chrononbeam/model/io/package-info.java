/** Byte buffers for the encoders on the streaming job's per-event paths. */
package org.chrononbeam.model.io;
