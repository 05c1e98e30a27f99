/* chainwarden/chainwarden.h - the whole public API in one include. */
#ifndef CHAINWARDEN_H
#define CHAINWARDEN_H
#include "common.h"
#include "kb.h"
#include "log.h"
#include "purl.h"
#include "version.h"
#endif
