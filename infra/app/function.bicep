// The lakewire Function App: Flex Consumption (FC1), Linux, Java 17, one user-assigned identity,
// identity-based connections only (no connection string, no key), and every app setting lakewire
// reads. src/test/java/dev/lakewire/infra/InfraConsistencyIT checks this file against the code.
param name string
param planName string
param location string
param tags object

@description('ARM id of lakewire\'s user-assigned identity.')
param identityId string

@description('Client id of lakewire\'s user-assigned identity.')
param identityClientId string

@description('Host storage account (AzureWebJobsStorage, deployment container, ledger table).')
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string

@description('<namespace>.servicebus.windows.net')
param serviceBusNamespaceFqdn string

// The facts lakewire's code reads too: the queues (setting → name), the ledger table, and the names
// of the settings below (appSettings), which InfraConsistencyIT checks this file sets.
var facts = loadJsonContent('../facts.json')

// lakewire policy (OnboardingPolicy.SETTINGS), passed through unchanged.
param storageTargets string
param storageRoles string
param metastores string
param defaultCatalog string
param existingMetastore string
param databricksAccountId string
param databricksAccountsHost string
param allowedSubscriptions string
param connectorSuffix string
param connectorIdentity string
param maxRechecks int
param locationLayout string
param sharedAccessConnector string
param identityPrincipalId string
param storageFirewall string
param offboardCatalogObjects string
param databricksDomain string
param driftSchedule string
param tagStorage string = ''
param tagRoles string = ''
param tagMetastores string = ''
param attachConnector bool = false

@description('Settings for endpoints added later; lakewire\'s own settings below win.')
param extraAppSettings object = {}

@description('LAKEWIRE_EVENTS_TOPIC_ENDPOINT: the Event Grid topic of the outcome events; empty: none published.')
param eventsTopicEndpoint string = ''

param enableEntraAuth bool = false
param entraClientId string = ''
param entraAllowedClientApplications array = []

// Chosen from the benchmark: see maximumInstanceCount in ../main.bicep and docs/benchmarks.md.
param maximumInstanceCount int = 10
param instanceMemoryMB int = 2048

resource storageAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// ARM endpoint without the trailing '/' (ARM clients would send '//subscriptions/...').
var armEndpoint = endsWith(environment().resourceManager, '/')
  ? substring(environment().resourceManager, 0, length(environment().resourceManager) - 1)
  : environment().resourceManager

// Queues (dev.lakewire.onboarding.message.Queues): each LAKEWIRE_QUEUE_* setting names the queue of
// ../facts.json that servicebus.bicep declares.
var appSettings = union(facts.queues, {
  // Functions host storage: identity-based connection (no AzureWebJobsStorage connection string).
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId

  // Service Bus connection "ServiceBusConnection" (Queues.CONNECTION): the triggers and lakewire's
  // sender both use the namespace; the host authenticates with the user-assigned identity.
  ServiceBusConnection__fullyQualifiedNamespace: serviceBusNamespaceFqdn
  ServiceBusConnection__credential: 'managedidentity'
  ServiceBusConnection__clientId: identityClientId

  // Application Insights with Entra ID (the component has local auth disabled).
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  // The Application Insights Java agent in the worker: it records lakewire's Logback lines with
  // their MDC (workspaceId, step, correlationId, run, generation, outcome) as customDimensions,
  // which app/alerts.bicep's alert and saved queries read.
  APPLICATIONINSIGHTS_ENABLE_AGENT: 'true'

  // lakewire's own SDK clients (dev.lakewire.app.Settings).
  AZURE_CLIENT_ID: identityClientId
  AZURE_TENANT_ID: tenant().tenantId
  LAKEWIRE_CREDENTIAL: 'managed-identity'
  LAKEWIRE_ARM_ENDPOINT: armEndpoint
  LAKEWIRE_LEDGER_TABLE: facts.ledgerTable
  LAKEWIRE_LEDGER_ENDPOINT: 'https://${storageAccountName}.table.${environment().suffixes.storage}'

  // Policy (dev.lakewire.onboarding.policy.OnboardingPolicy.SETTINGS).
  LAKEWIRE_STORAGE_TARGETS: storageTargets
  LAKEWIRE_STORAGE_ROLES: storageRoles
  LAKEWIRE_METASTORES: metastores
  LAKEWIRE_DEFAULT_CATALOG: defaultCatalog
  LAKEWIRE_EXISTING_METASTORE: existingMetastore
  LAKEWIRE_DATABRICKS_ACCOUNT_ID: databricksAccountId
  LAKEWIRE_DATABRICKS_ACCOUNTS_HOST: databricksAccountsHost
  LAKEWIRE_ALLOWED_SUBSCRIPTIONS: allowedSubscriptions
  LAKEWIRE_CONNECTOR_SUFFIX: connectorSuffix
  LAKEWIRE_CONNECTOR_IDENTITY: connectorIdentity
  LAKEWIRE_MAX_RECHECKS: string(maxRechecks)
  LAKEWIRE_LOCATION_LAYOUT: locationLayout
  LAKEWIRE_SHARED_ACCESS_CONNECTOR: sharedAccessConnector
  LAKEWIRE_IDENTITY_PRINCIPAL_ID: identityPrincipalId
  LAKEWIRE_STORAGE_FIREWALL: storageFirewall
  LAKEWIRE_OFFBOARD_CATALOG_OBJECTS: offboardCatalogObjects
  LAKEWIRE_DATABRICKS_DOMAIN: databricksDomain

  // The repairDrift timer's schedule (bound as %LAKEWIRE_DRIFT_SCHEDULE%; the host needs it set).
  LAKEWIRE_DRIFT_SCHEDULE: driftSchedule
  LAKEWIRE_TAG_STORAGE: tagStorage
  LAKEWIRE_TAG_ROLES: tagRoles
  LAKEWIRE_TAG_METASTORES: tagMetastores
  LAKEWIRE_ATTACH_CONNECTOR: attachConnector ? 'true' : 'false'
  LAKEWIRE_EVENTS_TOPIC_ENDPOINT: eventsTopicEndpoint
})

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  // azd finds the service's deployment target by this tag (azure.yaml: services.lakewire).
  tags: union(tags, {
    'azd-service-name': 'lakewire'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageAccount.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'java'
        version: '17'
      }
    }
  }
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(extraAppSettings, appSettings)
}

// No basic (publishing user/password) authentication: azd deploys with Entra ID.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

// Optional Entra ID in front of the HTTP endpoints (they keep requiring their function key).
// Event Grid delivers to the eventgrid webhook with its system key, not with an Entra token, so
// that path is left to the key.
resource authSettings 'Microsoft.Web/sites/config@2024-04-01' = if (enableEntraAuth) {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
      excludedPaths: [
        '/runtime/webhooks/eventgrid'
        '/runtime/webhooks/EventGrid'
      ]
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: entraClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${entraClientId}'
            entraClientId
          ]
          defaultAuthorizationPolicy: {
            allowedApplications: entraAllowedClientApplications
          }
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
}

output name string = functionApp.name
output resourceId string = functionApp.id
output url string = 'https://${functionApp.properties.defaultHostName}'
