/** The server process: HTTP, signalling, demo client, config, main(). */
package io.parley.admin;
