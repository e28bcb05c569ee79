/// The OpenAPI 3.1 description of the whole HTTP API, served at `GET /openapi.json` and checked against the
/// running service by `scripts/contract` (schemathesis). Kept by hand next to the code it describes: a route,
/// status or field added there belongs here too.
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
 "paths": {
  "/v1/d/pii/tokenize": {
   "post": {
    "summary": "Tokenize PII data",
    "operationId": "tokenize",
    "tags": [
     "tokenOperations"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Tenant"
     },
     {
      "$ref": "#/components/parameters/RequestId"
     },
     {
      "$ref": "#/components/parameters/ResidencyRegion"
     }
    ],
    "responses": {
     "200": {
      "description": "Tokens and per-key errors",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/TokenizeResponse"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/E400"
     },
     "401": {
      "$ref": "#/components/responses/E401"
     },
     "403": {
      "$ref": "#/components/responses/E403"
     },
     "408": {
      "$ref": "#/components/responses/E408"
     },
     "413": {
      "$ref": "#/components/responses/E413"
     },
     "414": {
      "$ref": "#/components/responses/E414"
     },
     "429": {
      "$ref": "#/components/responses/E429"
     },
     "431": {
      "$ref": "#/components/responses/E431"
     },
     "500": {
      "$ref": "#/components/responses/E500"
     },
     "503": {
      "$ref": "#/components/responses/E503"
     },
     "411": {
      "$ref": "#/components/responses/E411"
     },
     "415": {
      "$ref": "#/components/responses/E415"
     },
     "417": {
      "$ref": "#/components/responses/E417"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "description": "Tokens live 30 days. Answered once the values are durable. Scopes: tokenize.",
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/TokenizeRequest"
       }
      }
     }
    }
   }
  },
  "/v1/d/pii/detokenize": {
   "post": {
    "summary": "Detokenize tokens, profile, address and data ids",
    "operationId": "detokenize",
    "tags": [
     "tokenOperations"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Tenant"
     },
     {
      "$ref": "#/components/parameters/RequestId"
     }
    ],
    "responses": {
     "200": {
      "description": "Values and per-key errors",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/DetokenizeResponse"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/E400"
     },
     "401": {
      "$ref": "#/components/responses/E401"
     },
     "403": {
      "$ref": "#/components/responses/E403"
     },
     "408": {
      "$ref": "#/components/responses/E408"
     },
     "413": {
      "$ref": "#/components/responses/E413"
     },
     "414": {
      "$ref": "#/components/responses/E414"
     },
     "429": {
      "$ref": "#/components/responses/E429"
     },
     "431": {
      "$ref": "#/components/responses/E431"
     },
     "500": {
      "$ref": "#/components/responses/E500"
     },
     "503": {
      "$ref": "#/components/responses/E503"
     },
     "411": {
      "$ref": "#/components/responses/E411"
     },
     "415": {
      "$ref": "#/components/responses/E415"
     },
     "417": {
      "$ref": "#/components/responses/E417"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "description": "Scopes: detokenize, profiles:read, data:read.",
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/DetokenizeRequest"
       }
      }
     }
    }
   }
  },
  "/v1/d/pii/profiles": {
   "get": {
    "summary": "List or search customer profiles",
    "operationId": "listProfiles",
    "tags": [
     "customerProfile"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Tenant"
     },
     {
      "$ref": "#/components/parameters/RequestId"
     },
     {
      "name": "q",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "Substring of email, full_name or phone_number (at least 3 characters), or an exact id or display_id."
     },
     {
      "name": "sort",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "created_at",
        "created_at|asc",
        "created_at|desc",
        "updated_at",
        "updated_at|asc",
        "updated_at|desc"
       ],
       "default": "created_at|desc"
      }
     },
     {
      "$ref": "#/components/parameters/Offset"
     },
     {
      "name": "count",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 500,
       "default": 10
      }
     }
    ],
    "responses": {
     "200": {
      "description": "A page of profiles",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ProfileList"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/E400"
     },
     "401": {
      "$ref": "#/components/responses/E401"
     },
     "403": {
      "$ref": "#/components/responses/E403"
     },
     "408": {
      "$ref": "#/components/responses/E408"
     },
     "413": {
      "$ref": "#/components/responses/E413"
     },
     "414": {
      "$ref": "#/components/responses/E414"
     },
     "429": {
      "$ref": "#/components/responses/E429"
     },
     "431": {
      "$ref": "#/components/responses/E431"
     },
     "500": {
      "$ref": "#/components/responses/E500"
     },
     "503": {
      "$ref": "#/components/responses/E503"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "description": "A page may not reach past 10,000 results. Scopes: profiles:read."
   },
   "post": {
    "summary": "Get or create a customer profile by e-mail",
    "operationId": "getOrCreateProfile",
    "tags": [
     "customerProfile"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Tenant"
     },
     {
      "$ref": "#/components/parameters/RequestId"
     },
     {
      "$ref": "#/components/parameters/ResidencyRegion"
     }
    ],
    "responses": {
     "200": {
      "description": "The existing profile with this e-mail",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Profile"
        }
       }
      },
      "links": {
       "GetProfile": {
        "operationId": "getProfile",
        "parameters": {
         "profile_id": "$response.body#/id"
        }
       },
       "UpdateProfile": {
        "operationId": "updateProfile",
        "parameters": {
         "profile_id": "$response.body#/id"
        }
       },
       "ListAddresses": {
        "operationId": "listAddresses",
        "parameters": {
         "profile_id": "$response.body#/id"
        }
       },
       "CreateAddress": {
        "operationId": "getOrCreateAddress",
        "parameters": {
         "profile_id": "$response.body#/id"
        }
       },
       "DeleteProfile": {
        "operationId": "deleteProfile",
        "parameters": {
         "profile_id": "$response.body#/id"
        }
       }
      }
     },
     "201": {
      "description": "The new profile",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Profile"
        }
       }
      },
      "links": {
       "GetProfile": {
        "operationId": "getProfile",
        "parameters": {
         "profile_id": "$response.body#/id"
        }
       },
       "UpdateProfile": {
        "operationId": "updateProfile",
        "parameters": {
         "profile_id": "$response.body#/id"
        }
       },
       "ListAddresses": {
        "operationId": "listAddresses",
        "parameters": {
         "profile_id": "$response.body#/id"
        }
       },
       "CreateAddress": {
        "operationId": "getOrCreateAddress",
        "parameters": {
         "profile_id": "$response.body#/id"
        }
       },
       "DeleteProfile": {
        "operationId": "deleteProfile",
        "parameters": {
         "profile_id": "$response.body#/id"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/E400"
     },
     "401": {
      "$ref": "#/components/responses/E401"
     },
     "403": {
      "$ref": "#/components/responses/E403"
     },
     "408": {
      "$ref": "#/components/responses/E408"
     },
     "413": {
      "$ref": "#/components/responses/E413"
     },
     "414": {
      "$ref": "#/components/responses/E414"
     },
     "429": {
      "$ref": "#/components/responses/E429"
     },
     "431": {
      "$ref": "#/components/responses/E431"
     },
     "500": {
      "$ref": "#/components/responses/E500"
     },
     "503": {
      "$ref": "#/components/responses/E503"
     },
     "411": {
      "$ref": "#/components/responses/E411"
     },
     "415": {
      "$ref": "#/components/responses/E415"
     },
     "417": {
      "$ref": "#/components/responses/E417"
     },
     "422": {
      "$ref": "#/components/responses/E422"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "description": "Scopes: profiles:write.",
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/ProfileCreate"
       }
      }
     }
    }
   }
  },
  "/v1/d/pii/profiles/{profile_id}": {
   "parameters": [
    {
     "$ref": "#/components/parameters/ProfileId"
    }
   ],
   "get": {
    "summary": "Get a customer profile",
    "operationId": "getProfile",
    "tags": [
     "customerProfile"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Tenant"
     },
     {
      "$ref": "#/components/parameters/RequestId"
     }
    ],
    "responses": {
     "200": {
      "description": "The profile",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Profile"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/E400"
     },
     "401": {
      "$ref": "#/components/responses/E401"
     },
     "403": {
      "$ref": "#/components/responses/E403"
     },
     "408": {
      "$ref": "#/components/responses/E408"
     },
     "413": {
      "$ref": "#/components/responses/E413"
     },
     "414": {
      "$ref": "#/components/responses/E414"
     },
     "429": {
      "$ref": "#/components/responses/E429"
     },
     "431": {
      "$ref": "#/components/responses/E431"
     },
     "500": {
      "$ref": "#/components/responses/E500"
     },
     "503": {
      "$ref": "#/components/responses/E503"
     },
     "404": {
      "$ref": "#/components/responses/E404"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "description": "Scopes: profiles:read."
   },
   "patch": {
    "summary": "Update a customer profile",
    "operationId": "updateProfile",
    "tags": [
     "customerProfile"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Tenant"
     },
     {
      "$ref": "#/components/parameters/RequestId"
     }
    ],
    "responses": {
     "200": {
      "description": "The updated profile",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Profile"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/E400"
     },
     "401": {
      "$ref": "#/components/responses/E401"
     },
     "403": {
      "$ref": "#/components/responses/E403"
     },
     "408": {
      "$ref": "#/components/responses/E408"
     },
     "413": {
      "$ref": "#/components/responses/E413"
     },
     "414": {
      "$ref": "#/components/responses/E414"
     },
     "429": {
      "$ref": "#/components/responses/E429"
     },
     "431": {
      "$ref": "#/components/responses/E431"
     },
     "500": {
      "$ref": "#/components/responses/E500"
     },
     "503": {
      "$ref": "#/components/responses/E503"
     },
     "411": {
      "$ref": "#/components/responses/E411"
     },
     "415": {
      "$ref": "#/components/responses/E415"
     },
     "417": {
      "$ref": "#/components/responses/E417"
     },
     "404": {
      "$ref": "#/components/responses/E404"
     },
     "409": {
      "$ref": "#/components/responses/E409"
     },
     "422": {
      "$ref": "#/components/responses/E422"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "description": "last_updated_at must equal the stored updated_at, else 409. Scopes: profiles:write.",
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/ProfilePatch"
       }
      }
     }
    }
   }
  },
  "/v1/d/pii/profiles/{profile_id}/delete": {
   "parameters": [
    {
     "$ref": "#/components/parameters/ProfileId"
    }
   ],
   "post": {
    "summary": "Request customer profile deletion",
    "operationId": "deleteProfile",
    "tags": [
     "customerProfile"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Tenant"
     },
     {
      "$ref": "#/components/parameters/RequestId"
     }
    ],
    "responses": {
     "202": {
      "description": "Deleted: the profile's key is destroyed"
     },
     "400": {
      "$ref": "#/components/responses/E400"
     },
     "401": {
      "$ref": "#/components/responses/E401"
     },
     "403": {
      "$ref": "#/components/responses/E403"
     },
     "408": {
      "$ref": "#/components/responses/E408"
     },
     "413": {
      "$ref": "#/components/responses/E413"
     },
     "414": {
      "$ref": "#/components/responses/E414"
     },
     "429": {
      "$ref": "#/components/responses/E429"
     },
     "431": {
      "$ref": "#/components/responses/E431"
     },
     "500": {
      "$ref": "#/components/responses/E500"
     },
     "503": {
      "$ref": "#/components/responses/E503"
     },
     "404": {
      "$ref": "#/components/responses/E404"
     },
     "409": {
      "$ref": "#/components/responses/E409"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "description": "Scopes: profiles:write."
   }
  },
  "/v1/d/pii/profiles/{profile_id}/addresses": {
   "parameters": [
    {
     "$ref": "#/components/parameters/ProfileId"
    }
   ],
   "get": {
    "summary": "List a profile's addresses",
    "operationId": "listAddresses",
    "tags": [
     "address"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Tenant"
     },
     {
      "$ref": "#/components/parameters/RequestId"
     },
     {
      "$ref": "#/components/parameters/Offset"
     },
     {
      "name": "count",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 1000,
       "default": 10
      }
     }
    ],
    "responses": {
     "200": {
      "description": "A page of addresses",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/AddressList"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/E400"
     },
     "401": {
      "$ref": "#/components/responses/E401"
     },
     "403": {
      "$ref": "#/components/responses/E403"
     },
     "408": {
      "$ref": "#/components/responses/E408"
     },
     "413": {
      "$ref": "#/components/responses/E413"
     },
     "414": {
      "$ref": "#/components/responses/E414"
     },
     "429": {
      "$ref": "#/components/responses/E429"
     },
     "431": {
      "$ref": "#/components/responses/E431"
     },
     "500": {
      "$ref": "#/components/responses/E500"
     },
     "503": {
      "$ref": "#/components/responses/E503"
     },
     "404": {
      "$ref": "#/components/responses/E404"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "description": "Scopes: profiles:read."
   },
   "post": {
    "summary": "Get or create an address",
    "operationId": "getOrCreateAddress",
    "tags": [
     "address"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Tenant"
     },
     {
      "$ref": "#/components/parameters/RequestId"
     }
    ],
    "responses": {
     "200": {
      "description": "The identical existing address",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Address"
        }
       }
      }
     },
     "201": {
      "description": "The new address",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Address"
        }
       }
      },
      "links": {
       "GetAddress": {
        "operationId": "getAddress",
        "parameters": {
         "profile_id": "$request.path.profile_id",
         "address_id": "$response.body#/id"
        }
       },
       "UpdateAddress": {
        "operationId": "updateAddress",
        "parameters": {
         "profile_id": "$request.path.profile_id",
         "address_id": "$response.body#/id"
        }
       },
       "DeleteAddress": {
        "operationId": "deleteAddress",
        "parameters": {
         "profile_id": "$request.path.profile_id",
         "address_id": "$response.body#/id"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/E400"
     },
     "401": {
      "$ref": "#/components/responses/E401"
     },
     "403": {
      "$ref": "#/components/responses/E403"
     },
     "408": {
      "$ref": "#/components/responses/E408"
     },
     "413": {
      "$ref": "#/components/responses/E413"
     },
     "414": {
      "$ref": "#/components/responses/E414"
     },
     "429": {
      "$ref": "#/components/responses/E429"
     },
     "431": {
      "$ref": "#/components/responses/E431"
     },
     "500": {
      "$ref": "#/components/responses/E500"
     },
     "503": {
      "$ref": "#/components/responses/E503"
     },
     "411": {
      "$ref": "#/components/responses/E411"
     },
     "415": {
      "$ref": "#/components/responses/E415"
     },
     "417": {
      "$ref": "#/components/responses/E417"
     },
     "404": {
      "$ref": "#/components/responses/E404"
     },
     "422": {
      "$ref": "#/components/responses/E422"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "description": "Scopes: profiles:write.",
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/AddressCreate"
       }
      }
     }
    }
   }
  },
  "/v1/d/pii/profiles/{profile_id}/addresses/{address_id}": {
   "parameters": [
    {
     "$ref": "#/components/parameters/ProfileId"
    },
    {
     "$ref": "#/components/parameters/AddressId"
    }
   ],
   "get": {
    "summary": "Get an address",
    "operationId": "getAddress",
    "tags": [
     "address"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Tenant"
     },
     {
      "$ref": "#/components/parameters/RequestId"
     }
    ],
    "responses": {
     "200": {
      "description": "The address",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Address"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/E400"
     },
     "401": {
      "$ref": "#/components/responses/E401"
     },
     "403": {
      "$ref": "#/components/responses/E403"
     },
     "408": {
      "$ref": "#/components/responses/E408"
     },
     "413": {
      "$ref": "#/components/responses/E413"
     },
     "414": {
      "$ref": "#/components/responses/E414"
     },
     "429": {
      "$ref": "#/components/responses/E429"
     },
     "431": {
      "$ref": "#/components/responses/E431"
     },
     "500": {
      "$ref": "#/components/responses/E500"
     },
     "503": {
      "$ref": "#/components/responses/E503"
     },
     "404": {
      "$ref": "#/components/responses/E404"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "description": "Scopes: profiles:read."
   },
   "patch": {
    "summary": "Update an address",
    "operationId": "updateAddress",
    "tags": [
     "address"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Tenant"
     },
     {
      "$ref": "#/components/parameters/RequestId"
     }
    ],
    "responses": {
     "200": {
      "description": "The updated address",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Address"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/E400"
     },
     "401": {
      "$ref": "#/components/responses/E401"
     },
     "403": {
      "$ref": "#/components/responses/E403"
     },
     "408": {
      "$ref": "#/components/responses/E408"
     },
     "413": {
      "$ref": "#/components/responses/E413"
     },
     "414": {
      "$ref": "#/components/responses/E414"
     },
     "429": {
      "$ref": "#/components/responses/E429"
     },
     "431": {
      "$ref": "#/components/responses/E431"
     },
     "500": {
      "$ref": "#/components/responses/E500"
     },
     "503": {
      "$ref": "#/components/responses/E503"
     },
     "411": {
      "$ref": "#/components/responses/E411"
     },
     "415": {
      "$ref": "#/components/responses/E415"
     },
     "417": {
      "$ref": "#/components/responses/E417"
     },
     "404": {
      "$ref": "#/components/responses/E404"
     },
     "409": {
      "$ref": "#/components/responses/E409"
     },
     "422": {
      "$ref": "#/components/responses/E422"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "description": "Scopes: profiles:write.",
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/AddressPatch"
       }
      }
     }
    }
   },
   "delete": {
    "summary": "Delete an address",
    "operationId": "deleteAddress",
    "tags": [
     "address"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Tenant"
     },
     {
      "$ref": "#/components/parameters/RequestId"
     }
    ],
    "responses": {
     "204": {
      "description": "Deleted"
     },
     "400": {
      "$ref": "#/components/responses/E400"
     },
     "401": {
      "$ref": "#/components/responses/E401"
     },
     "403": {
      "$ref": "#/components/responses/E403"
     },
     "408": {
      "$ref": "#/components/responses/E408"
     },
     "413": {
      "$ref": "#/components/responses/E413"
     },
     "414": {
      "$ref": "#/components/responses/E414"
     },
     "429": {
      "$ref": "#/components/responses/E429"
     },
     "431": {
      "$ref": "#/components/responses/E431"
     },
     "500": {
      "$ref": "#/components/responses/E500"
     },
     "503": {
      "$ref": "#/components/responses/E503"
     },
     "404": {
      "$ref": "#/components/responses/E404"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "description": "Scopes: profiles:write."
   }
  },
  "/v1/d/pii/data": {
   "post": {
    "summary": "Store a data entry",
    "operationId": "storeData",
    "tags": [
     "data"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Tenant"
     },
     {
      "$ref": "#/components/parameters/RequestId"
     },
     {
      "$ref": "#/components/parameters/ResidencyRegion"
     },
     {
      "name": "ttl",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 3650
      },
      "description": "Days to keep a raw upload."
     }
    ],
    "responses": {
     "201": {
      "description": "Stored",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/DataCreated"
        }
       }
      },
      "links": {
       "GetData": {
        "operationId": "getData",
        "parameters": {
         "data_id": "$response.body#/id"
        }
       },
       "DeleteData": {
        "operationId": "deleteData",
        "parameters": {
         "data_id": "$response.body#/id"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/E400"
     },
     "401": {
      "$ref": "#/components/responses/E401"
     },
     "403": {
      "$ref": "#/components/responses/E403"
     },
     "408": {
      "$ref": "#/components/responses/E408"
     },
     "413": {
      "$ref": "#/components/responses/E413"
     },
     "414": {
      "$ref": "#/components/responses/E414"
     },
     "429": {
      "$ref": "#/components/responses/E429"
     },
     "431": {
      "$ref": "#/components/responses/E431"
     },
     "500": {
      "$ref": "#/components/responses/E500"
     },
     "503": {
      "$ref": "#/components/responses/E503"
     },
     "411": {
      "$ref": "#/components/responses/E411"
     },
     "415": {
      "$ref": "#/components/responses/E415"
     },
     "417": {
      "$ref": "#/components/responses/E417"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "description": "JSON with base64 content, or the raw bytes with their own Content-Type (any but application/json). Scopes: data:write.",
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/DataCreate"
       }
      },
      "application/octet-stream": {
       "schema": {
        "type": "string",
        "format": "binary"
       }
      }
     }
    }
   }
  },
  "/v1/d/pii/data/{data_id}": {
   "parameters": [
    {
     "$ref": "#/components/parameters/DataId"
    }
   ],
   "get": {
    "summary": "Get a data entry",
    "operationId": "getData",
    "tags": [
     "data"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Tenant"
     },
     {
      "$ref": "#/components/parameters/RequestId"
     }
    ],
    "responses": {
     "200": {
      "description": "The exact bytes, with the stored Content-Type",
      "content": {
       "*/*": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/E400"
     },
     "401": {
      "$ref": "#/components/responses/E401"
     },
     "403": {
      "$ref": "#/components/responses/E403"
     },
     "408": {
      "$ref": "#/components/responses/E408"
     },
     "413": {
      "$ref": "#/components/responses/E413"
     },
     "414": {
      "$ref": "#/components/responses/E414"
     },
     "429": {
      "$ref": "#/components/responses/E429"
     },
     "431": {
      "$ref": "#/components/responses/E431"
     },
     "500": {
      "$ref": "#/components/responses/E500"
     },
     "503": {
      "$ref": "#/components/responses/E503"
     },
     "404": {
      "$ref": "#/components/responses/E404"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "description": "Scopes: data:read."
   },
   "delete": {
    "summary": "Delete a data entry",
    "operationId": "deleteData",
    "tags": [
     "data"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Tenant"
     },
     {
      "$ref": "#/components/parameters/RequestId"
     }
    ],
    "responses": {
     "204": {
      "description": "Deleted"
     },
     "400": {
      "$ref": "#/components/responses/E400"
     },
     "401": {
      "$ref": "#/components/responses/E401"
     },
     "403": {
      "$ref": "#/components/responses/E403"
     },
     "408": {
      "$ref": "#/components/responses/E408"
     },
     "413": {
      "$ref": "#/components/responses/E413"
     },
     "414": {
      "$ref": "#/components/responses/E414"
     },
     "429": {
      "$ref": "#/components/responses/E429"
     },
     "431": {
      "$ref": "#/components/responses/E431"
     },
     "500": {
      "$ref": "#/components/responses/E500"
     },
     "503": {
      "$ref": "#/components/responses/E503"
     },
     "404": {
      "$ref": "#/components/responses/E404"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "description": "Scopes: data:write."
   }
  },
  "/v1/d/pii/audit": {
   "get": {
    "summary": "The tenant's audit records, newest first",
    "operationId": "listAudit",
    "tags": [
     "audit"
    ],
    "parameters": [
     {
      "$ref": "#/components/parameters/Tenant"
     },
     {
      "$ref": "#/components/parameters/RequestId"
     },
     {
      "name": "offset",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 0,
       "maximum": 10000,
       "default": 0
      }
     },
     {
      "name": "count",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 500,
       "default": 50
      }
     }
    ],
    "responses": {
     "200": {
      "description": "A page of records",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/AuditList"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/E400"
     },
     "401": {
      "$ref": "#/components/responses/E401"
     },
     "403": {
      "$ref": "#/components/responses/E403"
     },
     "408": {
      "$ref": "#/components/responses/E408"
     },
     "413": {
      "$ref": "#/components/responses/E413"
     },
     "414": {
      "$ref": "#/components/responses/E414"
     },
     "429": {
      "$ref": "#/components/responses/E429"
     },
     "431": {
      "$ref": "#/components/responses/E431"
     },
     "500": {
      "$ref": "#/components/responses/E500"
     },
     "503": {
      "$ref": "#/components/responses/E503"
     }
    },
    "security": [
     {
      "bearer": []
     }
    ],
    "description": "Scopes: audit:read."
   }
  },
  "/healthz": {
   "get": {
    "summary": "Health",
    "operationId": "health",
    "tags": [
     "operations"
    ],
    "security": [],
    "responses": {
     "200": {
      "description": "Every served store answers",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Health"
        }
       }
      }
     },
     "503": {
      "description": "A store is down",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Health"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/E400"
     },
     "408": {
      "$ref": "#/components/responses/E408"
     },
     "414": {
      "$ref": "#/components/responses/E414"
     },
     "431": {
      "$ref": "#/components/responses/E431"
     },
     "500": {
      "$ref": "#/components/responses/E500"
     }
    }
   }
  },
  "/openapi.json": {
   "get": {
    "summary": "This document",
    "operationId": "openapi",
    "tags": [
     "operations"
    ],
    "security": [],
    "responses": {
     "200": {
      "description": "OpenAPI 3.1",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/E400"
     },
     "408": {
      "$ref": "#/components/responses/E408"
     },
     "414": {
      "$ref": "#/components/responses/E414"
     },
     "431": {
      "$ref": "#/components/responses/E431"
     },
     "500": {
      "$ref": "#/components/responses/E500"
     }
    }
   }
  }
 },
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
   },
   "ProfileId": {
    "name": "profile_id",
    "in": "path",
    "required": true,
    "schema": {
     "type": "string",
     "pattern": "^NS-[A-Z]{2}-[0-7][0-9A-HJKMNP-TV-Z]{25}-[0-7][0-9A-HJKMNP-TV-Z]{25}$"
    }
   },
   "AddressId": {
    "name": "address_id",
    "in": "path",
    "required": true,
    "schema": {
     "type": "string",
     "pattern": "^NS-[A-Z]{2}-[0-7][0-9A-HJKMNP-TV-Z]{25}-[0-7][0-9A-HJKMNP-TV-Z]{25}$"
    }
   },
   "DataId": {
    "name": "data_id",
    "in": "path",
    "required": true,
    "schema": {
     "type": "string",
     "pattern": "^NS-[A-Z]{2}-[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-4[a-fA-F0-9]{3}-[89abAB][a-fA-F0-9]{3}-[a-fA-F0-9]{12}$"
    }
   },
   "Offset": {
    "name": "offset",
    "in": "query",
    "required": false,
    "schema": {
     "type": "integer",
     "minimum": 0,
     "default": 0
    }
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
   "ExtendedAttributes": {
    "type": "object",
    "maxProperties": 20,
    "additionalProperties": {
     "type": "object",
     "required": [
      "data_type",
      "value"
     ],
     "additionalProperties": false,
     "properties": {
      "data_type": {
       "type": "string",
       "minLength": 1,
       "maxLength": 32
      },
      "value": {}
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
   "ProfileCreate": {
    "type": "object",
    "required": [
     "email"
    ],
    "additionalProperties": false,
    "properties": {
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
      ],
      "pattern": "^\\+[1-9][0-9]{1,14}$"
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
      "oneOf": [
       {
        "$ref": "#/components/schemas/ExtendedAttributes"
       },
       {
        "type": "null"
       }
      ]
     }
    }
   },
   "ProfilePatch": {
    "type": "object",
    "required": [
     "last_updated_at"
    ],
    "additionalProperties": false,
    "properties": {
     "last_updated_at": {
      "type": "string",
      "format": "date-time"
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
      ],
      "pattern": "^\\+[1-9][0-9]{1,14}$"
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
      "type": [
       "object",
       "null"
      ],
      "maxProperties": 20,
      "additionalProperties": {
       "oneOf": [
        {
         "type": "null"
        },
        {
         "type": "object",
         "required": [
          "data_type",
          "value"
         ],
         "additionalProperties": false,
         "properties": {
          "data_type": {
           "type": "string",
           "minLength": 1,
           "maxLength": 32
          },
          "value": {}
         }
        }
       ]
      }
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
   "AddressCreate": {
    "type": "object",
    "required": [
     "full_name",
     "address_line_1",
     "zip_code",
     "city",
     "country_code"
    ],
    "additionalProperties": false,
    "properties": {
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
     }
    }
   },
   "AddressPatch": {
    "type": "object",
    "required": [
     "last_updated_at"
    ],
    "additionalProperties": false,
    "properties": {
     "last_updated_at": {
      "type": "string",
      "format": "date-time"
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
   "DataCreate": {
    "type": "object",
    "required": [
     "content_type",
     "content"
    ],
    "additionalProperties": false,
    "properties": {
     "content_type": {
      "type": "string",
      "maxLength": 255
     },
     "content": {
      "type": "string",
      "contentEncoding": "base64"
     },
     "ttl": {
      "type": [
       "integer",
       "null"
      ],
      "minimum": 1,
      "maximum": 3650
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
