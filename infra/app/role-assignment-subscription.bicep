// One role assignment of lakewire's identity at a subscription (deterministic name).
targetScope = 'subscription'

param principalId string

@description('Role definition GUID (built-in or custom); each caller names the role in a comment.')
param roleDefinitionGuid string
param assignmentDescription string

@description('Optional ABAC condition (conditionVersion 2.0); empty for none.')
param condition string = ''

resource assignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, principalId, roleDefinitionGuid)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionGuid)
    description: assignmentDescription
    condition: empty(condition) ? null : condition
    conditionVersion: empty(condition) ? null : '2.0'
  }
}
