// The Functions host storage, the Flex Consumption deployment container, the Event Grid
// dead-letter container and lakewire's ledger table. Shared keys are off: Entra ID only.
param name string
param location string
param tags object
param deploymentContainerName string
param deadLetterContainerName string

@description('Principal id of lakewire\'s identity (Functions host, deployment, ledger).')
param functionPrincipalId string

@description('Principal id of the identity Event Grid dead-letters with.')
param eventGridPrincipalId string

var facts = loadJsonContent('../facts.json') // the facts lakewire's code reads too

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource deadLetterContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deadLetterContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

// lakewire's ledger: one row per workspace (LAKEWIRE_LEDGER_TABLE).
resource ledgerTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = {
  parent: tableService
  name: facts.ledgerTable
}

// Functions host + Flex Consumption deployment (blobs, leases), host queues, and the ledger.
var hostRoles = [
  facts.builtInRoles['Storage Blob Data Owner']
  facts.builtInRoles['Storage Queue Data Contributor']
  facts.builtInRoles['Storage Table Data Contributor']
]

resource hostRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleGuid in hostRoles: {
    name: guid(account.id, functionPrincipalId, roleGuid)
    scope: account
    properties: {
      principalId: functionPrincipalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleGuid)
      description: 'lakewire: Functions host storage, deployment package and ledger'
    }
  }
]

var deadLetterWriter = facts.builtInRoles['Storage Blob Data Contributor']

resource deadLetterWriterAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(deadLetterContainer.id, eventGridPrincipalId, deadLetterWriter)
  scope: deadLetterContainer
  properties: {
    principalId: eventGridPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', deadLetterWriter)
    description: 'lakewire: Event Grid dead-letters undeliverable workspace events here'
  }
}

output name string = account.name
output resourceId string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output ledgerTableName string = ledgerTable.name
