/** Architecture rules as tests (ArchUnit) over the main code of every module. */
package io.parley.architecture;
