/**
 * Views of values shared by the modules that make them and those that read them: lists of
 * primitives read without boxing.
 */
package org.chrononbeam.model.values;
