/*
 * frob.c - an example source header (written for the tests)
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 *
 * SPDX-License-Identifier: MIT OR Apache-2.0
 */
int frob(void);
