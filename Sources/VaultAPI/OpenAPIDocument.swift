/// The OpenAPI 3.1 description of the vault's HTTP API, served at `GET /openapi.json` and checked against the
/// running service by `scripts/contract` (schemathesis): the document's frame, answers and error components as
/// JSON text, kept by hand next to the code they describe (a field or status added there belongs here too);
/// the operations are built in `OpenAPI+PIIVault.swift`, and the request schemas and id parameters, which
/// must state every rule the server enforces, from the same limits in `OpenAPI+PIIVaultSchemas.swift`.
enum OpenAPIDocument {
    static let json = #"""
{
 "openapi": "3.1.0",
 "info": {
  "title": "PIIVault",
  "version": "1.0.0",
  "description": "Residency-aware PII vault: tokens, customer profiles and addresses, data entries (the Customer Profile API v1, under /v1/d/pii), audit; and the Clienteling Setup API under /setup (stores, phone numbers, WhatsApp, templates)."
 },
 "servers": [
  {
   "url": "/"
  }
 ],
 "components": {
  "securitySchemes": {
   "bearer": {
    "type": "http",
    "scheme": "bearer",
    "description": "pvk_<16 hex>_<43 characters>"
   }
  },
  "parameters": {
   "Tenant": {
    "name": "Tenant",
    "in": "header",
    "required": true,
    "schema": {
     "type": "string",
     "pattern": "^[a-z0-9][a-z0-9-]{0,62}$"
    },
    "description": "The tenant; must be the API key's."
   },
   "RequestId": {
    "name": "X-Request-Id",
    "in": "header",
    "required": false,
    "schema": {
     "type": "string"
    },
    "description": "Kept when 1 to 64 of letters, digits, '-', '_', '.'; otherwise replaced. Echoed in every answer."
   },
   "ResidencyRegion": {
    "name": "Residency-Region",
    "in": "header",
    "required": false,
    "schema": {
     "type": "string",
     "enum": [
      "EU",
      "US"
     ]
    },
    "description": "Where new data goes; default: the tenant's region."
   }
  },
  "schemas": {
   "Problem": {
    "type": "object",
    "required": [
     "request_id",
     "message",
     "type",
     "title",
     "status"
    ],
    "properties": {
     "request_id": {
      "type": "string"
     },
     "message": {
      "type": "string"
     },
     "type": {
      "type": "string"
     },
     "title": {
      "type": "string"
     },
     "status": {
      "type": "integer"
     }
    }
   },
   "RecordError": {
    "type": "string",
    "enum": [
     "token_not_found_error",
     "invalid_token_error",
     "permission_denied_error",
     "region_not_served_error",
     "value_too_large_error",
     "retryable_error",
     "internal_error"
    ]
   },
   "TokenizeRequest": {
    "type": "object",
    "required": [
     "data"
    ],
    "additionalProperties": false,
    "properties": {
     "data": {
      "type": "object",
      "minProperties": 1,
      "maxProperties": 25,
      "additionalProperties": true
     }
    }
   },
   "TokenizeResponse": {
    "type": "object",
    "required": [
     "tokens",
     "errors"
    ],
    "properties": {
     "tokens": {
      "type": "object",
      "additionalProperties": {
       "type": "string",
       "pattern": "^NS-[A-Z]{2}-[0-7][0-9A-HJKMNP-TV-Z]{25}-[0-7][0-9A-HJKMNP-TV-Z]{25}$"
      }
     },
     "errors": {
      "type": "object",
      "additionalProperties": {
       "$ref": "#/components/schemas/RecordError"
      }
     }
    }
   },
   "DetokenizeRequest": {
    "type": "object",
    "required": [
     "tokens"
    ],
    "additionalProperties": false,
    "properties": {
     "tokens": {
      "type": "object",
      "minProperties": 1,
      "maxProperties": 25,
      "additionalProperties": true
     }
    }
   },
   "DetokenizeResponse": {
    "type": "object",
    "required": [
     "data",
     "errors"
    ],
    "properties": {
     "data": {
      "type": "object",
      "description": "Values as tokenized; profiles, addresses and data entries as their GET answers them.",
      "additionalProperties": true
     },
     "errors": {
      "type": "object",
      "additionalProperties": {
       "$ref": "#/components/schemas/RecordError"
      }
     }
    }
   },
   "Profile": {
    "type": "object",
    "required": [
     "id",
     "display_id",
     "email",
     "full_name",
     "phone_number",
     "store_id",
     "created_by",
     "extended_attributes",
     "created_at",
     "updated_at"
    ],
    "additionalProperties": false,
    "properties": {
     "id": {
      "type": "string",
      "pattern": "^NS-[A-Z]{2}-[0-7][0-9A-HJKMNP-TV-Z]{25}-[0-7][0-9A-HJKMNP-TV-Z]{25}$"
     },
     "display_id": {
      "type": "string",
      "pattern": "^[0-9A-HJKMNP-TV-Z]{6}$"
     },
     "email": {
      "type": "string",
      "format": "email",
      "maxLength": 254
     },
     "full_name": {
      "type": [
       "string",
       "null"
      ],
      "maxLength": 256
     },
     "phone_number": {
      "type": [
       "string",
       "null"
      ]
     },
     "store_id": {
      "type": [
       "string",
       "null"
      ],
      "maxLength": 256
     },
     "created_by": {
      "type": [
       "string",
       "null"
      ],
      "maxLength": 256
     },
     "extended_attributes": {
      "$ref": "#/components/schemas/ExtendedAttributes"
     },
     "created_at": {
      "type": "string",
      "format": "date-time"
     },
     "updated_at": {
      "type": "string",
      "format": "date-time"
     }
    }
   },
   "Address": {
    "type": "object",
    "required": [
     "id",
     "full_name",
     "company_name",
     "address_line_1",
     "address_line_2",
     "zip_code",
     "city",
     "state",
     "country_code",
     "contact_phone",
     "created_at",
     "updated_at"
    ],
    "additionalProperties": false,
    "properties": {
     "id": {
      "type": "string",
      "pattern": "^NS-[A-Z]{2}-[0-7][0-9A-HJKMNP-TV-Z]{25}-[0-7][0-9A-HJKMNP-TV-Z]{25}$"
     },
     "full_name": {
      "type": "string",
      "maxLength": 256
     },
     "company_name": {
      "type": [
       "string",
       "null"
      ],
      "maxLength": 256
     },
     "address_line_1": {
      "type": "string",
      "maxLength": 256
     },
     "address_line_2": {
      "type": [
       "string",
       "null"
      ],
      "maxLength": 256
     },
     "zip_code": {
      "type": "string",
      "maxLength": 32
     },
     "city": {
      "type": "string",
      "maxLength": 256
     },
     "state": {
      "type": [
       "string",
       "null"
      ],
      "maxLength": 256
     },
     "country_code": {
      "type": "string",
      "pattern": "^[A-Z]{2}$"
     },
     "contact_phone": {
      "type": [
       "string",
       "null"
      ],
      "maxLength": 32
     },
     "created_at": {
      "type": "string",
      "format": "date-time"
     },
     "updated_at": {
      "type": "string",
      "format": "date-time"
     }
    }
   },
   "PaginationInfo": {
    "type": "object",
    "required": [
     "count",
     "total",
     "offset"
    ],
    "properties": {
     "count": {
      "type": "integer",
      "minimum": 0
     },
     "total": {
      "type": "integer",
      "minimum": 0
     },
     "offset": {
      "type": "integer",
      "minimum": 0
     }
    }
   },
   "ProfileList": {
    "type": "object",
    "required": [
     "profiles",
     "pagination_info"
    ],
    "properties": {
     "profiles": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Profile"
      }
     },
     "pagination_info": {
      "$ref": "#/components/schemas/PaginationInfo"
     }
    }
   },
   "AddressList": {
    "type": "object",
    "required": [
     "addresses",
     "pagination_info"
    ],
    "properties": {
     "addresses": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Address"
      }
     },
     "pagination_info": {
      "$ref": "#/components/schemas/PaginationInfo"
     }
    }
   },
   "DataCreated": {
    "type": "object",
    "required": [
     "id"
    ],
    "properties": {
     "id": {
      "type": "string",
      "pattern": "^NS-[A-Z]{2}-[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-4[a-fA-F0-9]{3}-[89abAB][a-fA-F0-9]{3}-[a-fA-F0-9]{12}$"
     }
    }
   },
   "AuditRecord": {
    "type": "object",
    "required": [
     "chain",
     "seq",
     "time",
     "request_id",
     "tenant",
     "key_id",
     "operation",
     "count",
     "records",
     "outcome"
    ],
    "properties": {
     "chain": {
      "type": "string"
     },
     "seq": {
      "type": "integer"
     },
     "time": {
      "type": "string",
      "format": "date-time"
     },
     "request_id": {
      "type": "string"
     },
     "tenant": {
      "type": "string"
     },
     "key_id": {
      "type": "string"
     },
     "operation": {
      "type": "string"
     },
     "count": {
      "type": "integer"
     },
     "records": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "outcome": {
      "type": "string"
     }
    }
   },
   "AuditList": {
    "type": "object",
    "required": [
     "records",
     "pagination_info"
    ],
    "properties": {
     "records": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/AuditRecord"
      }
     },
     "pagination_info": {
      "$ref": "#/components/schemas/PaginationInfo"
     }
    }
   },
   "Health": {
    "type": "object",
    "required": [
     "status",
     "regions"
    ],
    "properties": {
     "status": {
      "type": "string",
      "enum": [
       "ok",
       "unavailable"
      ]
     },
     "regions": {
      "type": "array",
      "items": {
       "type": "string"
      }
     }
    }
   }
  },
  "responses": {
   "E400": {
    "description": "Bad request",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "E401": {
    "description": "Missing, unknown, revoked or expired API key",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "E403": {
    "description": "Wrong tenant or missing scope",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "E404": {
    "description": "Not found: unknown, deleted, expired or another tenant's",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "E405": {
    "description": "Method not allowed",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "E408": {
    "description": "Request timeout",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "E409": {
    "description": "Conflict",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "E421": {
    "description": "Misdirected: the data belongs to a region this node does not serve",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "E411": {
    "description": "Length required (chunked bodies are refused)",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "E413": {
    "description": "Content too large",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "E414": {
    "description": "URI too long",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "E415": {
    "description": "Unsupported media type",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "E417": {
    "description": "Expectation failed",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "E422": {
    "description": "A field breaks its rule (the message names it)",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "E429": {
    "description": "Over the key's rate limit",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "E431": {
    "description": "Request header fields too large",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "E500": {
    "description": "Internal error",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "E503": {
    "description": "Unavailable; retry later",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   },
   "E505": {
    "description": "HTTP version not supported",
    "content": {
     "application/problem+json": {
      "schema": {
       "$ref": "#/components/schemas/Problem"
      }
     }
    }
   }
  }
 }
}
"""#
}
