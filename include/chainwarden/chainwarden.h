/* chainwarden/chainwarden.h - the whole public API in one include. */
#ifndef CHAINWARDEN_H
#define CHAINWARDEN_H
#include "common.h"
#include "cvss.h"
#include "log.h"
#include "inventory.h"
#include "purl.h"
#include "version.h"
#include "license.h"
#endif
