// lakewire: the Azure side of onboarding every new Azure Databricks workspace.
//
// Deployed by `azd up` (azd provision). Everything lakewire reads is an app setting set in
// app/function.bicep; every identity uses Entra ID: no connection string, no key, no secret.
// The Event Grid subscription to onWorkspaceEvent needs the deployed function, so it is a second
// deployment (eventgrid.bicep) run by the azd postdeploy hook (hooks/postdeploy.sh|ps1).
//
// Steps that cannot be done here (Databricks account admin, metastore privileges): docs/deploy.md.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used to name and tag every resource.')
param environmentName string

@minLength(1)
@description('Region of every regional resource. It must offer the Flex Consumption plan (az functionapp list-flexconsumption-locations).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Resource group name; default rg-<environmentName>.')
param resourceGroupName string = ''

// ---------------------------------------------------------------------------------------------
// lakewire policy (the same text lakewire reads from the app settings of the same name)
// ---------------------------------------------------------------------------------------------

@minLength(1)
@description('LAKEWIRE_STORAGE_TARGETS: <storage account id>=<container>,<container>;<id>=... The ADLS Gen2 accounts every new workspace gets; each account also gets lakewire\'s constrained RBAC Administrator assignment.')
param storageTargets string

@description('LAKEWIRE_STORAGE_ROLES: comma-separated display names of the data roles lakewire grants the Access Connectors (a subset of grantableStorageRoles in infra/facts.json). The ABAC condition on the storage accounts allows exactly these.')
param storageRoles string = 'Storage Blob Data Contributor'

@minLength(1)
@description('LAKEWIRE_METASTORES: <region>=<metastore id>,... (the Unity Catalog metastore of each region).')
param metastores string

@description('LAKEWIRE_DEFAULT_CATALOG')
param defaultCatalog string = 'main'

@allowed([
  'FAIL'
  'REPLACE'
])
@description('LAKEWIRE_EXISTING_METASTORE: what to do when a workspace already has another metastore.')
param existingMetastore string = 'FAIL'

@description('Comma-separated ARM ids of the subscriptions (/subscriptions/<id>) and/or resource groups (/subscriptions/<id>/resourceGroups/<name>) whose workspaces lakewire onboards. lakewire gets its Access Connector role there. Empty: this subscription.')
param connectorScopes string = ''

@description('LAKEWIRE_ALLOWED_SUBSCRIPTIONS: comma-separated subscription ids lakewire acts in. Empty: the subscriptions of connectorScopes.')
param allowedSubscriptions string = ''

@description('LAKEWIRE_CONNECTOR_SUFFIX')
param connectorSuffix string = '-uc'

@description('LAKEWIRE_CONNECTOR_IDENTITY: SystemAssigned, or the ARM id of a user-assigned identity every Access Connector gets (lakewire then gets Managed Identity Operator on it).')
param connectorIdentity string = 'SystemAssigned'

@minValue(1)
@description('LAKEWIRE_LOCATION_LAYOUT: shared (one external location per container per metastore, on the shared Access Connector this template creates) or per-workspace (a folder per workspace, isolated and bound to it).')
@allowed(['shared', 'per-workspace'])
param locationLayout string = 'shared'

@description('LAKEWIRE_STORAGE_FIREWALL: fail (name the resource access rule to add) or add-rule (lakewire adds it; needs Microsoft.Storage/storageAccounts/write on the target accounts, granted separately).')
@allowed(['fail', 'add-rule'])
param storageFirewall string = 'fail'

@description('LAKEWIRE_OFFBOARD_CATALOG_OBJECTS: keep (default) or remove. With locationLayout per-workspace, whether offboarding a workspace deletes its own storage credential and external locations (never the data).')
@allowed(['keep', 'remove'])
param offboardCatalogObjects string = 'keep'

@description('LAKEWIRE_DRIFT_SCHEDULE: six-field NCRONTAB schedule of the repairDrift timer function (the sweep that re-reconciles every workspace of the allowed subscriptions); default daily at 03:00 UTC.')
param driftSchedule string = '0 0 3 * * *'

@description('LAKEWIRE_MAX_RECHECKS')
param maxRechecks int = 40

@description('LAKEWIRE_DATABRICKS_DOMAIN: the DNS suffix of workspace hosts (adb-<digits>.<digits>.<domain>); lakewire sends its tokens to no other host. A sovereign cloud\'s suffix here.')
param databricksDomain string = 'azuredatabricks.net'

@description('LAKEWIRE_TAG_STORAGE: <storage account id>=<container>,...;... (* for any container) a workspace\'s lakewire:storage / lakewire:containers tags may choose besides storageTargets. Empty: none. Each account needs the same constrained RBAC Administrator grant as a storage target (docs/deploy.md).')
param tagStorage string = ''

@description('LAKEWIRE_TAG_ROLES: comma-separated role names a workspace\'s lakewire:roles tag may add (a subset of grantableStorageRoles in infra/facts.json; the ABAC condition must allow them too). Empty: none.')
param tagRoles string = ''

@description('LAKEWIRE_TAG_METASTORES: <region>=<metastore id>,... further metastores a workspace\'s lakewire:metastore tag may choose in its region. Empty: none.')
param tagMetastores string = ''

@description('LAKEWIRE_ATTACH_CONNECTOR: true to attach each workspace\'s Access Connector to the workspace (properties.accessConnector; an extra ARM write and a long-running workspace update each). lakewire then also gets a custom role with Microsoft.Databricks/workspaces/write on connectorScopes.')
param attachConnector bool = false


@description('LAKEWIRE_DATABRICKS_ACCOUNT_ID: the Databricks account id (account console). lakewire, an account admin there, assigns metastores and joins new workspaces through the account API (docs/deploy.md).')
param databricksAccountId string

@description('LAKEWIRE_DATABRICKS_ACCOUNTS_HOST: the Databricks account API host.')
param databricksAccountsHost string = 'https://accounts.azuredatabricks.net'

// ---------------------------------------------------------------------------------------------
// HTTP endpoints: function keys always; optionally Entra ID (App Service authentication) in front
// ---------------------------------------------------------------------------------------------

@description('Put App Service authentication (Entra ID) in front of the HTTP endpoints, in addition to their function keys.')
param enableEntraAuth bool = false

@description('Application (client) id of the Entra app registration that represents the lakewire API (required when enableEntraAuth).')
param entraClientId string = ''

@description('Client application ids allowed to call the API when enableEntraAuth (empty: any caller in the tenant that holds a token for the API).')
param entraAllowedClientApplications array = []

@description('Extra app settings (for endpoints added later). lakewire\'s own settings win over these.')
param extraAppSettings object = {}

// ARM throttles per principal and subscription (10 writes/s, 25 reads/s after the burst), and
// every instance acts as the same managed identity: more instances add 429s, not throughput.
// One instance already keeps ARM's write bucket busy (docs/benchmarks.md: lakewire's own work is
// under a millisecond per step message, and a 1,000-workspace burst fits in well under a 2 GB
// instance), so the cap only has to let each per-function scale group (three step queues, the
// reprocess queue, Event Grid, HTTP) run one or two instances. The platform allows 1 to 1,000
// (https://learn.microsoft.com/azure/azure-functions/event-driven-scaling#limit-scale-out).
@minValue(1)
@maxValue(1000)
@description('Flex Consumption: maximum instances (see docs/benchmarks.md).')
param maximumInstanceCount int = 10

@allowed([
  512
  2048
  4096
])
@description('Flex Consumption: instance memory (MB).')
param instanceMemoryMB int = 2048

@description('Email address the operations action group notifies (dead-lettered messages, FAILED onboardings). Empty: the action group has no receiver; add one in the portal.')
param alertEmail string = ''

var abbrs = loadJsonContent('abbreviations.json')
// The facts lakewire's code reads too (queues, setting names, role GUIDs, Event Grid events).
var facts = loadJsonContent('facts.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'lakewire'
}
var functionAppName = '${abbrs.webSitesFunctions}lakewire-${resourceToken}'
var deploymentContainerName = 'app-package-${take(resourceToken, 7)}'
var deadLetterContainerName = 'eventgrid-deadletter'

// The data roles lakewire may grant (facts.json grantableStorageRoles, which
// dev.lakewire.onboarding.policy.BuiltInRole reads too): display name → built-in role definition GUID.
var storageRoleGuidsByName = toObject(
  facts.grantableStorageRoles,
  r => r,
  r => facts.builtInRoles[r]
)
var selectedStorageRoleNames = map(filter(split(storageRoles, ','), r => !empty(trim(r))), r => trim(r))
// An unknown name fails the deployment here (lakewire would refuse it at run time too).
var selectedStorageRoleGuids = [for r in selectedStorageRoleNames: storageRoleGuidsByName[r]]

var storageTargetEntries = filter(split(storageTargets, ';'), t => !empty(trim(t)))
var storageTargetAccountIds = map(storageTargetEntries, t => trim(split(t, '=')[0]))
// Policy by tags: the accounts a workspace's tags may choose get the same constrained grant, and
// the roles its tags may add join the ABAC condition's role set (else a valid tag would fail with
// AuthorizationFailed at run time).
var tagStorageAccountIds = map(
  filter(split(tagStorage, ';'), t => !empty(trim(t))),
  t => trim(split(t, '=')[0])
)
var grantedStorageAccountIds = union(storageTargetAccountIds, tagStorageAccountIds)
var tagRoleNames = map(filter(split(tagRoles, ','), r => !empty(trim(r))), r => trim(r))
var tagRoleGuids = [for r in tagRoleNames: storageRoleGuidsByName[r]]
var assignableStorageRoleGuids = union(selectedStorageRoleGuids, tagRoleGuids)

var connectorScopeList = empty(trim(connectorScopes))
  ? [subscription().id]
  : map(filter(split(connectorScopes, ','), s => !empty(trim(s))), s => trim(s))
// '/subscriptions/<id>' splits into 3 parts, '/subscriptions/<id>/resourceGroups/<rg>' into 5.
var connectorSubscriptionScopes = filter(connectorScopeList, s => length(split(s, '/')) == 3)
var connectorResourceGroupScopes = filter(connectorScopeList, s => length(split(s, '/')) == 5)
var servedSubscriptionIds = union(map(connectorScopeList, s => split(s, '/')[2]), [])
var effectiveAllowedSubscriptions = empty(trim(allowedSubscriptions))
  ? join(servedSubscriptionIds, ',')
  : allowedSubscriptions

var connectorRoleName = 'lakewire Access Connector Operator (${environmentName})'
var connectorRoleGuid = guid(subscription().id, connectorRoleName)
var attachRoleName = 'lakewire Workspace Connector Attacher (${environmentName})'
var attachRoleGuid = guid(subscription().id, attachRoleName)
var usesConnectorUserIdentity = contains(
  toLower(connectorIdentity),
  '/providers/microsoft.managedidentity/userassignedidentities/'
)

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

// The identity lakewire runs as: Functions host (storage, Service Bus), Application Insights and
// lakewire's own ARM / Databricks / Service Bus / Table clients (AZURE_CLIENT_ID).
module identity 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.1' = {
  name: 'lakewire-identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}lakewire-${resourceToken}'
    location: location
    tags: tags
  }
}

// The identity Event Grid dead-letters with (deadLetterWithResourceIdentity): it may only write
// blobs into the dead-letter container.
module eventGridIdentity 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.1' = {
  name: 'lakewire-eventgrid-identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}lakewire-evgt-${resourceToken}'
    location: location
    tags: tags
  }
}

module logAnalytics 'br/public:avm/res/operational-insights/workspace:0.11.1' = {
  name: 'lakewire-loganalytics'
  scope: rg
  params: {
    name: '${abbrs.operationalInsightsWorkspaces}lakewire-${resourceToken}'
    location: location
    tags: tags
    dataRetention: 30
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'lakewire-monitoring'
  scope: rg
  params: {
    name: '${abbrs.insightsComponents}lakewire-${resourceToken}'
    location: location
    tags: tags
    logAnalyticsWorkspaceId: logAnalytics.outputs.resourceId
    publisherPrincipalId: identity.outputs.principalId
  }
}

// Operations: alerts on dead-lettered messages (every queue, the parked one included) and on FAILED
// onboardings, an action group, and saved queries of the onboarding outcomes (app/alerts.bicep).
module alerts 'app/alerts.bicep' = {
  name: 'lakewire-alerts'
  scope: rg
  params: {
    namePrefix: 'lakewire-${resourceToken}'
    location: location
    tags: tags
    serviceBusNamespaceId: serviceBus.outputs.resourceId
    applicationInsightsId: monitoring.outputs.resourceId
    alertEmail: alertEmail
  }
}

module storage 'app/storage.bicep' = {
  name: 'lakewire-storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}lakewire${take(resourceToken, 11)}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    deadLetterContainerName: deadLetterContainerName
    functionPrincipalId: identity.outputs.principalId
    eventGridPrincipalId: eventGridIdentity.outputs.principalId
  }
}

module serviceBus 'app/servicebus.bicep' = {
  name: 'lakewire-servicebus'
  scope: rg
  params: {
    name: '${abbrs.serviceBusNamespaces}lakewire-${resourceToken}'
    location: location
    tags: tags
    principalId: identity.outputs.principalId
  }
}

module functionApp 'app/function.bicep' = {
  name: 'lakewire-function'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}lakewire-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: monitoring.outputs.name
    serviceBusNamespaceFqdn: serviceBus.outputs.fullyQualifiedNamespace
    storageTargets: storageTargets
    storageRoles: join(selectedStorageRoleNames, ',')
    metastores: metastores
    defaultCatalog: defaultCatalog
    existingMetastore: existingMetastore
    databricksAccountId: databricksAccountId
    databricksAccountsHost: databricksAccountsHost
    allowedSubscriptions: effectiveAllowedSubscriptions
    connectorSuffix: connectorSuffix
    connectorIdentity: connectorIdentity
    maxRechecks: maxRechecks
    locationLayout: locationLayout
    sharedAccessConnector: locationLayout == 'shared' ? sharedConnector.outputs.id : ''
    identityPrincipalId: identity.outputs.principalId
    storageFirewall: storageFirewall
    offboardCatalogObjects: offboardCatalogObjects
    databricksDomain: databricksDomain
    driftSchedule: driftSchedule
    tagStorage: tagStorage
    tagRoles: tagRoles
    tagMetastores: tagMetastores
    attachConnector: attachConnector
    extraAppSettings: extraAppSettings
    enableEntraAuth: enableEntraAuth
    entraClientId: entraClientId
    entraAllowedClientApplications: entraAllowedClientApplications
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    eventsTopicEndpoint: eventsTopic.outputs.endpoint
  }
}

// lakewire's Event Grid custom topic for its outcome events, with lakewire's EventGrid Data Sender.
module eventsTopic 'app/events-topic.bicep' = {
  name: 'lakewire-events-topic'
  scope: rg
  params: {
    name: '${abbrs.eventGridTopics}lakewire-${resourceToken}'
    location: location
    tags: tags
    lakewirePrincipalId: identity.outputs.principalId
  }
}

// The shared Access Connector of the 'shared' location layout, with lakewire's Contributor on it.
module sharedConnector 'app/shared-connector.bicep' = if (locationLayout == 'shared') {
  name: 'lakewire-shared-connector'
  scope: rg
  params: {
    name: '${abbrs.databricksAccessConnectors}lakewire-shared-${resourceToken}'
    location: location
    tags: tags
    lakewirePrincipalId: identity.outputs.principalId
  }
}

// ---------------------------------------------------------------------------------------------
// What lakewire may do where the workspaces and the customer's storage live
// ---------------------------------------------------------------------------------------------

// A custom role with only what the create-access-connector step needs.
module connectorRole 'app/connector-role.bicep' = {
  name: 'lakewire-connector-role'
  params: {
    roleGuid: connectorRoleGuid
    roleName: connectorRoleName
    assignableScopes: connectorScopeList
  }
}

module connectorRoleOnSubscriptions 'app/role-assignment-subscription.bicep' = [
  for (scopeId, i) in connectorSubscriptionScopes: {
    name: 'lakewire-connector-sub-${i}'
    scope: subscription(split(scopeId, '/')[2])
    params: {
      principalId: identity.outputs.principalId
      roleDefinitionGuid: connectorRole.outputs.roleGuid
      assignmentDescription: 'lakewire: create Access Connectors next to new Databricks workspaces'
    }
  }
]

module connectorRoleOnResourceGroups 'app/role-assignment-resource-group.bicep' = [
  for (scopeId, i) in connectorResourceGroupScopes: {
    name: 'lakewire-connector-rg-${i}'
    scope: resourceGroup(split(scopeId, '/')[2], split(scopeId, '/')[4])
    params: {
      principalId: identity.outputs.principalId
      roleDefinitionGuid: connectorRole.outputs.roleGuid
      assignmentDescription: 'lakewire: create Access Connectors next to new Databricks workspaces'
    }
  }
]

// Only with attachConnector (LAKEWIRE_ATTACH_CONNECTOR): write on the workspaces, to attach their
// Access Connectors.
module attachRole 'app/workspace-attach-role.bicep' = if (attachConnector) {
  name: 'lakewire-attach-role'
  params: {
    roleGuid: attachRoleGuid
    roleName: attachRoleName
    assignableScopes: connectorScopeList
  }
}

module attachRoleOnSubscriptions 'app/role-assignment-subscription.bicep' = [
  for (scopeId, i) in (attachConnector ? connectorSubscriptionScopes : []): {
    name: 'lakewire-attach-sub-${i}'
    scope: subscription(split(scopeId, '/')[2])
    dependsOn: [attachRole]
    params: {
      principalId: identity.outputs.principalId
      roleDefinitionGuid: attachRoleGuid
      assignmentDescription: 'lakewire: attach Access Connectors to Databricks workspaces'
    }
  }
]

module attachRoleOnResourceGroups 'app/role-assignment-resource-group.bicep' = [
  for (scopeId, i) in (attachConnector ? connectorResourceGroupScopes : []): {
    name: 'lakewire-attach-rg-${i}'
    scope: resourceGroup(split(scopeId, '/')[2], split(scopeId, '/')[4])
    dependsOn: [attachRole]
    params: {
      principalId: identity.outputs.principalId
      roleDefinitionGuid: attachRoleGuid
      assignmentDescription: 'lakewire: attach Access Connectors to Databricks workspaces'
    }
  }
]

// No Contributor on the served scopes: lakewire joins new workspaces through the Databricks
// account (a workspace assignment), not through Azure Databricks' auto-provisioning of ARM
// Contributors (docs/deploy.md, 3.3).

// At each connector scope: Role Based Access Control Administrator constrained by an ABAC
// condition to one thing: assigning (or removing) the built-in Contributor role to lakewire itself.
// lakewire uses it to give itself Contributor on each Access Connector it creates, scoped to that
// connector, because Databricks registers a connector as a storage credential only for a caller
// with Contributor over it (databricks/cli#1486, terraform-provider-databricks#5768). ABAC cannot
// constrain the scope of the assignment: see docs/deploy.md section 4 for what this allows.
var selfContributorRoleSet = '{${facts.builtInRoles.Contributor}}'
var rbacAdministrator = facts.builtInRoles['Role Based Access Control Administrator']
var selfContributorCondition = '((!(ActionMatches{\'Microsoft.Authorization/roleAssignments/write\'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals ${selfContributorRoleSet} AND @Request[Microsoft.Authorization/roleAssignments:PrincipalId] ForAnyOfAnyValues:GuidEquals {${identity.outputs.principalId}})) AND ((!(ActionMatches{\'Microsoft.Authorization/roleAssignments/delete\'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals ${selfContributorRoleSet} AND @Resource[Microsoft.Authorization/roleAssignments:PrincipalId] ForAnyOfAnyValues:GuidEquals {${identity.outputs.principalId}}))'

module selfContributorOnSubscriptions 'app/role-assignment-subscription.bicep' = [
  for (scopeId, i) in connectorSubscriptionScopes: {
    name: 'lakewire-self-contrib-sub-${i}'
    scope: subscription(split(scopeId, '/')[2])
    params: {
      principalId: identity.outputs.principalId
      roleDefinitionGuid: rbacAdministrator
      assignmentDescription: 'lakewire: Contributor for itself on the Access Connectors it creates (ABAC-constrained)'
      condition: selfContributorCondition
    }
  }
]

module selfContributorOnResourceGroups 'app/role-assignment-resource-group.bicep' = [
  for (scopeId, i) in connectorResourceGroupScopes: {
    name: 'lakewire-self-contrib-rg-${i}'
    scope: resourceGroup(split(scopeId, '/')[2], split(scopeId, '/')[4])
    params: {
      principalId: identity.outputs.principalId
      roleDefinitionGuid: rbacAdministrator
      assignmentDescription: 'lakewire: Contributor for itself on the Access Connectors it creates (ABAC-constrained)'
      condition: selfContributorCondition
    }
  }
]

// On each target storage account (and each a workspace's tags may choose): Role Based Access
// Control Administrator, constrained by an ABAC condition to the selected data roles (and those
// tags may add) and to service principals.
module storageTargetAccess 'app/storage-target-access.bicep' = [
  for (accountId, i) in grantedStorageAccountIds: {
    name: 'lakewire-storage-target-${i}'
    scope: resourceGroup(split(accountId, '/')[2], split(accountId, '/')[4])
    params: {
      storageAccountName: last(split(accountId, '/'))
      principalId: identity.outputs.principalId
      roleGuids: assignableStorageRoleGuids
    }
  }
]

// Access Connectors with a user-assigned identity: lakewire must be able to assign it.
module connectorIdentityOperator 'app/identity-operator.bicep' = if (usesConnectorUserIdentity) {
  name: 'lakewire-connector-identity-operator'
  scope: resourceGroup(
    usesConnectorUserIdentity ? split(connectorIdentity, '/')[2] : subscription().subscriptionId,
    usesConnectorUserIdentity ? split(connectorIdentity, '/')[4] : rg.name
  )
  params: {
    identityName: last(split(connectorIdentity, '/'))
    principalId: identity.outputs.principalId
  }
}

// ---------------------------------------------------------------------------------------------
// Outputs (azd writes them to .azure/<env>/.env; the postdeploy hook reads them)
// ---------------------------------------------------------------------------------------------
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_SUBSCRIPTION_ID string = subscription().subscriptionId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_URL string = functionApp.outputs.url
output AZURE_FUNCTION_RESOURCE_ID string = functionApp.outputs.resourceId
output AZURE_IDENTITY_NAME string = identity.outputs.name
output AZURE_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output AZURE_IDENTITY_RESOURCE_ID string = identity.outputs.resourceId
output AZURE_SERVICEBUS_NAMESPACE string = serviceBus.outputs.name
output AZURE_SERVICEBUS_FQDN string = serviceBus.outputs.fullyQualifiedNamespace
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_LEDGER_TABLE string = storage.outputs.ledgerTableName
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.name
output LAKEWIRE_ACTION_GROUP_ID string = alerts.outputs.actionGroupId
output LAKEWIRE_QUERY_PACK_ID string = alerts.outputs.queryPackId
output LAKEWIRE_CONNECTOR_ROLE_ID string = connectorRole.outputs.roleDefinitionId
output LAKEWIRE_SHARED_ACCESS_CONNECTOR string = locationLayout == 'shared' ? sharedConnector.outputs.id : ''
output LAKEWIRE_SHARED_CONNECTOR_PRINCIPAL_ID string = locationLayout == 'shared' ? sharedConnector.outputs.principalId : ''
output EVENTGRID_IDENTITY_RESOURCE_ID string = eventGridIdentity.outputs.resourceId
output EVENTGRID_DEADLETTER_STORAGE_ID string = storage.outputs.resourceId
output EVENTGRID_DEADLETTER_CONTAINER string = deadLetterContainerName
output EVENTGRID_SYSTEM_TOPIC_NAME string = '${abbrs.eventGridSystemTopics}lakewire-${resourceToken}'
output LAKEWIRE_EVENTS_TOPIC_ENDPOINT string = eventsTopic.outputs.endpoint
output LAKEWIRE_EVENTS_TOPIC_ID string = eventsTopic.outputs.id
