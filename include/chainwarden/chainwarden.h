/* chainwarden/chainwarden.h - the whole public API in one include. */
#ifndef CHAINWARDEN_H
#define CHAINWARDEN_H
#include "common.h"
#include "attack.h"
#include "cvss.h"
#include "health.h"
#include "inspect.h"
#include "inventory.h"
#include "kb.h"
#include "license.h"
#include "log.h"
#include "purl.h"
#include "scan.h"
#include "policy.h"
#include "version.h"
#endif
